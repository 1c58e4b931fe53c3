package io.bpmnagents.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People.Person;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static io.bpmnagents.support.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asking one agent directly through {@code POST /api/agents/{name}/ask} over HTTP, the
 * built-in simulator answering as the model: the answer and its usage, the call in the
 * transcript as the asker's, the exchange saved as a dataset case, and the refusals.
 */
class AskAgentEndToEndTest extends EndToEndApiTest {

	@Test
	void givenAnOperator_whenAskingAnAgent_thenTheAnswerItsUsageAndTheCallAreTheirs() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Person colleague = this.people.inGroups(AccessGroups.OPERATORS);
		long requestsBefore = this.simulator.load().requests();

		ResponseEntity<JsonNode> asked = operator.post("/api/agents/writer/ask",
				Map.of("message", "Write one line about tide pools", "context", "The reader is eight years old."));

		assertThat(asked.getStatusCode().value()).isEqualTo(200);
		JsonNode answer = asked.getBody();
		assertThat(answer.path("id").asText()).startsWith("ask-");
		assertThat(answer.path("agent").asText()).isEqualTo("writer");
		assertThat(answer.path("answer").asText()).isNotBlank();
		assertThat(answer.path("usage").path("calls").asInt()).isEqualTo(1);
		assertThat(answer.path("usage").path("promptTokens").asInt()).isPositive();
		assertThat(answer.path("usage").path("completionTokens").asInt()).isPositive();
		assertThat(this.simulator.load().requests() - requestsBefore).as("model requests").isEqualTo(1);

		JsonNode mine = ask(operator.get("/api/agents/writer/asks").getBody(), answer.path("id").asText());
		assertThat(mine.path("askedBy").asText()).isEqualTo(operator.id());
		assertThat(mine.path("calls")).hasSize(1);
		JsonNode call = mine.path("calls").get(0);
		assertThat(call.path("runId").asText()).isEqualTo(answer.path("id").asText());
		assertThat(call.path("activityId").asText()).isEqualTo("ask");
		assertThat(call.path("agent").asText()).isEqualTo("writer");
		assertThat(call.path("source").asText()).isEqualTo("model");
		assertThat(call.path("prompt").asText()).isEqualTo("Write one line about tide pools");
		assertThat(call.path("response").asText()).isEqualTo(answer.path("answer").asText());
		assertThat(call.path("contextMessages").toString()).contains("The reader is eight years old.");
		assertThat(ask(colleague.get("/api/agents/writer/asks").getBody(), answer.path("id").asText()))
			.as("another operator's view of the question")
			.isNull();
		assertThat(ask(this.api.get("/api/agents/writer/asks").getBody(), answer.path("id").asText()))
			.as("an administrator's view of the question")
			.isNotNull();
	}

	@Test
	void givenToolsOfTheAgent_whenAsking_thenTheModelMayCallThemAndTheCallsAreRecorded() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		ResponseEntity<JsonNode> asked = operator.post("/api/agents/analyst/ask",
				Map.of("message", "What is in the workspace?", "tools", List.of("workspace_read")));

		assertThat(asked.getStatusCode().value()).isEqualTo(200);
		assertThat(asked.getBody().path("usage").path("calls").asInt()).as("the tool request and the answer")
			.isEqualTo(2);
		JsonNode recorded = ask(operator.get("/api/agents/analyst/asks").getBody(),
				asked.getBody().path("id").asText());
		assertThat(recorded.path("calls").get(0).path("toolCalls").get(0).path("tool").asText())
			.isEqualTo("workspace_read");
	}

	@Test
	void givenSaveAs_whenAsking_thenTheExchangeIsACaseOfTheDataset() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		String dataset = "asked-" + System.nanoTime();

		ResponseEntity<JsonNode> first = operator.post("/api/agents/researcher/ask",
				Map.of("message", "Name three moons of Jupiter", "saveAs", Map.of("dataset", dataset)));
		ResponseEntity<JsonNode> second = operator.post("/api/agents/researcher/ask", Map.of("message",
				"Name a moon of Saturn", "saveAs", Map.of("dataset", dataset, "expected", "Mentions Titan")));

		assertThat(first.getBody().path("savedTo").asText()).isEqualTo(dataset);
		assertThat(second.getStatusCode().value()).isEqualTo(200);
		JsonNode cases = operator.get("/api/datasets/" + dataset).getBody().path("cases");
		assertThat(cases).hasSize(2);
		assertThat(cases.get(0).path("id").asText()).isEqualTo(first.getBody().path("id").asText());
		assertThat(cases.get(0).path("sourceRunId").asText()).isEqualTo(first.getBody().path("id").asText());
		assertThat(cases.get(0).path("input")).isEqualTo(json(Map.of("task", "Name three moons of Jupiter")));
		assertThat(cases.get(0).path("expected").asText()).isEqualTo(first.getBody().path("answer").asText());
		assertThat(cases.get(1).path("expected").asText()).isEqualTo("Mentions Titan");
	}

	@Test
	void givenWrongCallers_whenAsking_thenEachIsRefusedWithItsStatusAndNoModelIsAsked() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		long requestsBefore = this.simulator.load().requests();

		int anonymous = this.people.anonymous()
			.post()
			.uri("/api/agents/writer/ask")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("message", "Hello"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
		ResponseEntity<JsonNode> notInTheGroups = approver.post("/api/agents/writer/ask", Map.of("message", "Hello"));
		ResponseEntity<JsonNode> unknownAgent = operator.post("/api/agents/nobody/ask", Map.of("message", "Hello"));
		ResponseEntity<JsonNode> emptyMessage = operator.post("/api/agents/writer/ask", Map.of("message", " "));
		ResponseEntity<JsonNode> notItsTool = operator.post("/api/agents/writer/ask",
				Map.of("message", "Hello", "tools", List.of("workspace_write")));
		List<String> noName = new ArrayList<>();
		noName.add(null);
		ResponseEntity<JsonNode> noTool = operator.post("/api/agents/writer/ask",
				Map.of("message", "Hello", "tools", noName));
		ResponseEntity<JsonNode> badDataset = operator.post("/api/agents/writer/ask",
				Map.of("message", "Hello", "saveAs", Map.of("dataset", "no spaces allowed")));

		assertThat(anonymous).isEqualTo(401);
		assertRefused(notInTheGroups, 403, "bpmn-agents.ask.groups");
		assertRefused(unknownAgent, 404, "'nobody'");
		assertRefused(emptyMessage, 400, "'message'");
		assertRefused(notItsTool, 400, "no tool 'workspace_write'");
		assertRefused(noTool, 400, "'tools'");
		assertThat(badDataset.getStatusCode().value()).isEqualTo(400);
		assertThat(approver.get("/api/agents/nobody/asks").getStatusCode().value()).isEqualTo(404);
		assertThat(this.simulator.load().requests()).as("model requests").isEqualTo(requestsBefore);
	}

	/** The question with this id among those listed, or null. */
	private static JsonNode ask(JsonNode asks, String id) {
		for (JsonNode ask : asks) {
			if (ask.path("id").asText().equals(id)) {
				return ask;
			}
		}
		return null;
	}

	private static JsonNode json(Object value) {
		return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(value);
	}

}
