package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every run has a business key, so that Cockpit's search by business key finds it: the
 * one given at start, or one made from the process and a short id, whatever route started
 * the run; the processes a run calls carry the run's key.
 */
class RunBusinessKeyEndToEndTest extends EndToEndApiTest {

	@Test
	void givenABusinessKeyWhenTheRunStartsThenTheRunViewTheListAndCamundaShowIt() {
		ResponseEntity<JsonNode> started = this.api.post("/api/runs", Map.of("process", "sequential-pipeline",
				"businessKey", "order-4711", "input", Map.of("task", "Write a haiku")));
		assertThat(started.getStatusCode().value()).isEqualTo(201);
		String id = started.getBody().path("id").asText();

		assertThat(started.getBody().path("businessKey").asText()).isEqualTo("order-4711");
		assertThat(this.api.awaitEnd(id).path("businessKey").asText()).isEqualTo("order-4711");
		JsonNode found = this.api.get("/api/runs?text=order-4711").getBody();
		assertThat(found.path("runs")).extracting((run) -> run.path("id").asText()).containsExactly(id);
		assertThat(found.path("runs").get(0).path("businessKey").asText()).isEqualTo("order-4711");
		JsonNode history = this.api.get(
				"/engine-rest/history/process-instance?processInstanceBusinessKey=order-4711&rootProcessInstances=true")
			.getBody();
		assertThat(history).extracting((run) -> run.path("id").asText()).containsExactly(id);
	}

	@Test
	void givenNoBusinessKeyThenOneIsMadeFromTheProcessAndAShortId() {
		String first = this.api.start("sequential-pipeline", Map.of("task", "Write a haiku"));
		String second = this.api.start("sequential-pipeline", Map.of("task", "Write a haiku"));

		String key = this.api.run(first).path("businessKey").asText();
		assertThat(key).matches("sequential-pipeline-[a-z2-9]{8}");
		assertThat(this.api.run(second).path("businessKey").asText()).isNotEqualTo(key)
			.startsWith("sequential-pipeline-");
	}

	@Test
	void aRunStartedThroughCamundasRestGetsAKeyTooAndTheProcessesItCallsCarryIt() {
		ResponseEntity<JsonNode> started = this.api.post("/engine-rest/process-definition/key/multi-agent-task/start",
				Map.of("variables",
						Map.of("task", Map.of("value", "Plan a webinar"), "strategy", Map.of("value", "sequential"))));
		assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
		String id = started.getBody().path("id").asText();

		this.api.awaitEnd(id);

		String key = started.getBody().path("businessKey").asText();
		assertThat(key).matches("multi-agent-task-[a-z2-9]{8}");
		JsonNode called = this.api.get("/engine-rest/history/process-instance?superProcessInstanceId=" + id).getBody();
		assertThat(called).isNotEmpty()
			.allSatisfy((instance) -> assertThat(instance.path("businessKey").asText()).isEqualTo(key));
	}

	@Test
	void aBlankTooLongOrMultiLineBusinessKeyIsRefusedNamingTheField() {
		for (String bad : new String[] { "  ", "x".repeat(256), "order\n4711" }) {
			ResponseEntity<JsonNode> refused = this.api.post("/api/runs",
					Map.of("process", "sequential-pipeline", "businessKey", bad, "input", Map.of("task", "t")));

			assertThat(refused.getStatusCode().value()).as("business key %s", bad).isEqualTo(400);
			assertThat(refused.getBody().path("field").asText()).isEqualTo("businessKey");
		}
	}

}
