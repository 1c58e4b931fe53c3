package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@EndToEndTest
class HierarchicalDelegationEndToEndTest {

	@Autowired
	ApiClient api;

	@Test
	void onePlanOneCallPerAssignmentAndASynthesisThatRemembersThePlan() {
		String id = this.api.start("hierarchical-delegation", Map.of("task", "Build a simple todo app with tests"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		int assignments = run.path("output").path("plan").size();
		assertThat(assignments).isEqualTo(3);
		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).hasSize(1 + assignments + 1);
		assertThat(calls.get(0).path("activityId").asText()).isEqualTo("Task_Plan");
		JsonNode synthesis = calls.get(calls.size() - 1);
		assertThat(synthesis.path("agent").asText()).isEqualTo("project-manager");
		assertThat(synthesis.path("contextMessages").size()).isEqualTo(4);
		assertThat(synthesis.path("contextMessages").get(2).path("content").asText()).contains("assignments");
	}

	@Test
	void anUnknownWorkerIsRefusedBeforeTheRunStarts() {
		var response = this.api.post("/api/runs", Map.of("process", "hierarchical-delegation", "input",
				Map.of("task", "t", "agents", List.of("developer", "wizard"))));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().path("detail").asText()).contains("'wizard'");
	}

}
