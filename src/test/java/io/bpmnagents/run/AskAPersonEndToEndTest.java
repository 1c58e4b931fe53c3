package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ask-a-person through {@code /api/runs} against the simulator over HTTP: the simulated
 * model calls the process person-answers as a tool, a person answers in the user task
 * (completed here through Camunda's REST API, as Tasklist does), and the agent answers
 * with what they said.
 */
class AskAPersonEndToEndTest extends EndToEndApiTest {

	@Test
	void theRunWaitsForThePersonAndTheAgentAnswersWithTheirAnswer() {
		String id = this.api.start("ask-a-person", Map.of("task", "When does the shop open on Sundays?"));

		JsonNode run = this.api.awaitUserTask(id);
		assertThat(run.path("status").asText()).isEqualTo("RUNNING");
		List<JsonNode> asking = this.api.transcript(id);
		assertThat(asking).singleElement().satisfies((call) -> {
			assertThat(call.has("response")).isFalse();
			assertThat(call.path("toolCalls").get(0).path("tool").asText()).isEqualTo("person-answers");
			assertThat(call.path("toolCalls").get(0).path("arguments").asText())
				.contains("When does the shop open on Sundays?");
			assertThat(call.path("toolCalls").get(0).has("result")).isFalse();
		});

		JsonNode tasks = this.api.get("/engine-rest/task?name=Answer the agent's question").getBody();
		JsonNode task = null;
		for (JsonNode candidate : tasks) {
			String instance = candidate.path("processInstanceId").asText();
			JsonNode question = this.api.get("/engine-rest/process-instance/" + instance + "/variables/question")
				.getBody();
			if (question.path("value").asText().contains("When does the shop open on Sundays?")) {
				task = candidate;
			}
		}
		assertThat(task).isNotNull();
		ResponseEntity<JsonNode> completed = this.api.post(
				"/engine-rest/task/" + task.path("id").asText() + "/complete",
				Map.of("variables", Map.of("answer", Map.of("value", "At ten o'clock", "type", "String"))));
		assertThat(completed.getStatusCode().value()).isEqualTo(204);

		JsonNode ended = this.api.awaitEnd(id);

		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(ended.path("output").path("result").asText())
			.contains("person-answers: {\"answer\":\"At ten o'clock\"}");
		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).path("toolCalls").get(0).path("result").asText())
			.isEqualTo("{\"answer\":\"At ten o'clock\"}");
		assertThat(calls.get(1).path("contextMessages").findValuesAsText("role")).containsExactly("system", "user",
				"assistant", "tool");
	}

}
