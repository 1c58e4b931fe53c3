package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Camunda Modeler's "Deploy" does, then a run of the new process through /api/runs.
 */
class ModelerDeploymentEndToEndTest extends EndToEndApiTest {

	private static final String MODEL = AgentTaskChains.xml("haiku",
			Step.of("Task_Write", "writer", "Write a haiku about ${topic}", "haiku"));

	@Test
	void aProcessDeployedOverEngineRestRunsThroughTheRunsApi() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("haiku", Map.of("haiku.bpmn", MODEL));
		assertThat(deployed.getStatusCode().value()).isEqualTo(200);

		EndedRun run = this.api.runToCompletion("haiku", Map.of("topic", "autumn rain ${not.an.expression}"));

		assertThat(run.output().path("haiku").asText()).isNotBlank();
		assertThat(run.calls().get(0).path("prompt").asText())
			.isEqualTo("Write a haiku about autumn rain ${not.an.expression}");
	}

}
