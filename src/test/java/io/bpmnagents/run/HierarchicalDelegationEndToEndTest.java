package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HierarchicalDelegationEndToEndTest extends EndToEndApiTest {

	@Test
	void onePlanOneCallPerAssignmentAndASynthesisThatRemembersThePlan() {
		EndedRun run = this.api.runToEnd("hierarchical-delegation",
				Map.of("task", "Build a simple todo app with tests"));

		assertThat(run.status()).isEqualTo("COMPLETED");
		int assignments = run.output().path("plan").size();
		assertThat(assignments).isEqualTo(3);
		List<JsonNode> calls = run.calls();
		assertThat(calls).hasSize(1 + assignments + 1);
		assertThat(calls.get(0).path("activityId").asText()).isEqualTo("Task_Plan");
		JsonNode synthesis = calls.get(calls.size() - 1);
		assertThat(synthesis.path("agent").asText()).isEqualTo("project-manager");
		assertThat(synthesis.path("contextMessages").size()).isEqualTo(4);
		assertThat(synthesis.path("contextMessages").get(2).path("content").asText()).contains("assignments");
	}

	@Test
	void aModelThatOnlyAnswersBrokenJsonGetsOneRepairThenTheRunFailsOnItsErrorPath() {
		this.simulator.faults(new Simulator.Faults(0, 0, 1.0, 0));
		EndedRun run = this.api.runToEnd("hierarchical-delegation",
				Map.of("task", "Build a simple todo app with tests"));

		assertThat(run.status()).isEqualTo("FAILED");
		// The list of runs finds it by the same status, the newest run first.
		assertThat(this.api.get("/api/runs?process=hierarchical-delegation&status=FAILED")
			.getBody()
			.path("runs")
			.findValuesAsText("id")).contains(run.id());
		assertThat(run.view().path("incidents").size()).isZero();
		assertThat(run.output().path("result").asText()).startsWith("Planning failed");
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("activityId").asText())
			.containsExactly("Task_Plan", "Task_Plan");
		// The repair request quotes what was wrong with the first answer.
		assertThat(calls.get(1).path("prompt").asText()).contains(calls.get(0).path("response").asText());
	}

	@Test
	void anUnknownWorkerIsRefusedBeforeTheRunStarts() {
		var response = this.api.post("/api/runs", Map.of("process", "hierarchical-delegation", "input",
				Map.of("task", "t", "agents", List.of("developer", "wizard"))));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().path("detail").asText()).contains("'wizard'");
	}

}
