package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.ToolModels;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents that use tools, through {@code /api/runs} against the simulator over real HTTP:
 * the simulator calls the first tool it is offered, then answers quoting the result.
 */
@EndToEndTest
class ToolsEndToEndTest {

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@Test
	void anAgentWithToolsWritesTheRunsWorkspaceAndTheTranscriptShowsTheToolCall() {
		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", "Summarize the tides of the North Sea", "agents", List.of("analyst")));

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(run.view().path("usage").path("calls").asInt()).isEqualTo(2);
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("agent").asText()).containsExactly("analyst", "analyst");
		JsonNode asking = calls.get(0);
		assertThat(asking.has("response")).isFalse();
		assertThat(asking.path("toolCalls")).singleElement().satisfies((tool) -> {
			assertThat(tool.path("tool").asText()).isEqualTo("workspace_write");
			assertThat(tool.path("arguments").asText()).contains("\"key\":\"notes\"");
			assertThat(tool.path("result").asText()).startsWith("Stored ").endsWith("characters under 'notes'.");
			assertThat(tool.has("error")).isFalse();
			assertThat(tool.path("latencyMs").isNumber()).isTrue();
			assertThat(tool.path("startedAt").asText()).matches(".*T.*Z");
			assertThat(tool.path("step").asInt()).isZero();
			assertThat(tool.path("requestId").asText()).startsWith("call_sim_");
		});
		JsonNode answering = calls.get(1);
		assertThat(answering.path("contextMessages").findValuesAsText("role")).containsExactly("system", "user",
				"assistant", "tool");
		assertThat(answering.path("response").asText()).contains("From the tools:", "workspace_write: Stored");
		assertThat(answering.has("toolCalls")).isFalse();
		assertThat(run.output().path("result").asText()).contains("workspace_write: Stored");

		JsonNode workspace = this.api.get("/api/runs/" + run.id() + "/workspace").getBody();
		assertThat(workspace.path("notes").asText()).contains("Summarize the tides of the North Sea");
	}

	@Test
	void theWorkspaceIsSeenOnlyByWhoMaySeeTheRun() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Notes", "agents", List.of("analyst")));
		this.api.awaitEnd(id);

		People.Person stranger = this.people.inGroups();

		assertThat(stranger.get("/api/runs/" + id + "/workspace").getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.get("/api/runs/no-such-run/workspace").getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.get("/api/runs/" + id + "/workspace").getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void anAgentAsksAnotherAgentWhoSeesWhoAsksAndThatAgentsAnswerIsItsOwnModelCall() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("ask-colleague",
				Map.of("ask-colleague.bpmn", ToolModels.askWithTools("ask-colleague", "ask_agent")));
		assertThat(deployed.getStatusCode().value()).isEqualTo(200);

		EndedRun run = this.api.runToEnd("ask-colleague", Map.of("task", "What do the tides depend on?"));

		assertThat(run.status()).isEqualTo("COMPLETED");
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("agent").asText())
			.containsExactly("researcher", "analyst", "researcher");
		JsonNode ask = calls.get(0).path("toolCalls").get(0);
		assertThat(ask.path("tool").asText()).isEqualTo("ask_agent");
		assertThat(ask.path("arguments").asText()).contains("\"agent\":\"analyst\"");
		JsonNode asked = calls.get(1);
		assertThat(asked.path("prompt").asText()).isEqualTo("[From researcher]: What do the tides depend on?");
		assertThat(asked.path("activityId").asText()).isEqualTo("Task_Ask");
		assertThat(asked.has("toolCalls")).isFalse();
		assertThat(ask.path("result").asText()).isEqualTo(asked.path("response").asText());
		assertThat(calls.get(2).path("response").asText()).contains("ask_agent: As analyst");
	}

	@Test
	void aModelThatOffersAnUnknownToolIsRefusedAtDeployment() {
		ResponseEntity<JsonNode> refused = this.api.deploy("typo",
				Map.of("typo.bpmn", ToolModels.askWithTools("typo-tools", "workspace_read, worksapce_write")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText()).contains("Agent task 'Task_Ask'")
			.contains("unknown tool worksapce_write")
			.contains("Known tools: ask_agent, issue_refund, send_message, workspace_read, workspace_write");
	}

}
