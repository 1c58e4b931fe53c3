package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluatorOptimizerEndToEndTest extends EndToEndApiTest {

	@Test
	void oneDraftThenAnEvaluationPerRoundAndARevisionBetweenRounds() {
		EndedRun run = this.api.runToEnd("evaluator-optimizer",
				Map.of("task", "Write a product announcement for a note-taking app", "maxRounds", 3));

		assertThat(run.status()).isEqualTo("COMPLETED");
		JsonNode output = run.output();
		JsonNode rounds = output.path("rounds");
		int held = rounds.size();
		assertThat(held).isBetween(1, 3);
		List<JsonNode> calls = run.calls();
		// 1 draft + one evaluation per round + one revision before every round but the
		// first
		assertThat(calls).extracting((call) -> call.path("activityId").asText())
			.hasSize(1 + held + (held - 1))
			.startsWith("Task_Draft", "Task_Evaluate")
			.endsWith("Task_Evaluate");
		assertThat(calls).filteredOn((call) -> call.path("activityId").asText().equals("Task_Revise"))
			.allSatisfy((call) -> assertThat(call.path("agent").asText()).isEqualTo("writer"));
		assertThat(calls).filteredOn((call) -> call.path("activityId").asText().equals("Task_Evaluate"))
			.allSatisfy((call) -> {
				assertThat(call.path("agent").asText()).isEqualTo("reviewer");
				assertThat(call.path("response").asText()).startsWith("{\"verdict\": ");
			});
		String verdict = output.path("verdict").asText();
		assertThat(verdict).isIn("pass", "revise");
		for (int i = 0; i < held - 1; i++) {
			assertThat(rounds.get(i).path("verdict").asText()).isEqualTo("revise");
		}
		assertThat(rounds.get(held - 1).path("verdict").asText()).isEqualTo(verdict);
		if ("revise".equals(verdict)) {
			assertThat(held).isEqualTo(3);
		}
		assertThat(rounds.get(held - 1).path("draft").asText()).isEqualTo(output.path("result").asText());
	}

	@Test
	void anUnknownGeneratorIsABadRequestNamingTheField() {
		var response = this.api.post("/api/runs",
				Map.of("process", "evaluator-optimizer", "input", Map.of("task", "t", "generator", "poet")));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().path("field").asText()).isEqualTo("generator");
		assertThat(response.getBody().path("detail").asText()).contains("Unknown agent 'poet'");
	}

}
