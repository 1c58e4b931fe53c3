package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class RunInputEndToEndTest extends EndToEndApiTest {

	private ResponseEntity<JsonNode> start(Object process, Object input) {
		return this.api.post("/api/runs",
				(input != null) ? Map.of("process", process, "input", input) : Map.of("process", process));
	}

	private static void assertRefused(ResponseEntity<JsonNode> response, String field, String... detailParts) {
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(response.getBody().path("field").asText()).isEqualTo(field);
		assertThat(response.getBody().path("detail").asText()).contains(detailParts);
	}

	@Test
	void anUnknownAgentIsRefusedByName() {
		assertRefused(start("sequential-pipeline", Map.of("task", "t", "agents", List.of("writer", "poet"))), "agents",
				"Unknown agent 'poet'", "writer");
	}

	@Test
	void aMissingTaskIsRefused() {
		assertRefused(start("sequential-pipeline", Map.of()), "task", "'task' is required");
	}

	@Test
	void aTaskThatIsNotTextIsRefused() {
		assertRefused(start("sequential-pipeline", Map.of("task", 42)), "task", "must be a string", "42");
	}

	@Test
	void agentsThatAreNotAListAreRefused() {
		assertRefused(start("sequential-pipeline", Map.of("task", "t", "agents", "writer")), "agents",
				"must be a list of agent names");
	}

	@Test
	void anEmptyAgentListIsRefused() {
		assertRefused(start("sequential-pipeline", Map.of("task", "t", "agents", List.of())), "agents",
				"at least one agent");
	}

	@Test
	void aMisspeltFieldIsRefusedWithTheAcceptedOnes() {
		assertRefused(start("sequential-pipeline", Map.of("task", "t", "agent", List.of("writer"))), "agent",
				"Unknown input field 'agent'",
				"agents, deadline, escalateTo, maxCalls, maxCost, maxTokens, requireApproval, task");
	}

	@Test
	void anUnknownProcessIsRefusedWithTheDeployedOnes() {
		assertRefused(start("sequential-pipelines", Map.of("task", "t")), "process",
				"Unknown process 'sequential-pipelines'", "sequential-pipeline");
	}

	@Test
	void aMissingProcessIsRefused() {
		assertRefused(this.api.post("/api/runs", Map.of("input", Map.of("task", "t"))), "process",
				"'process' is required");
	}

	@Test
	void malformedJsonIsABadRequest() {
		ResponseEntity<JsonNode> response = this.api.http()
			.post()
			.uri("/api/runs")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"process\": \"sequential-pipeline\", ")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void anUnknownRunIsNotFound() {
		ResponseEntity<JsonNode> run = this.api.get("/api/runs/no-such-run");
		ResponseEntity<JsonNode> transcript = this.api.get("/api/runs/no-such-run/transcript");

		assertThat(run.getStatusCode().value()).isEqualTo(404);
		assertThat(run.getBody().path("detail").asText()).contains("no-such-run");
		assertThat(transcript.getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void theRegistryListsTheBuiltInAgents() {
		JsonNode agents = this.api.get("/api/agents").getBody();

		assertThat(agents.findValuesAsText("name")).contains("researcher", "writer", "editor", "coordinator",
				"project-manager", "proponent", "opponent", "judge");
		assertThat(agents.get(0).has("systemPrompt")).isTrue();
	}

}
