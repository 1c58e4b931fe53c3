package io.bpmnagents.stall;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP against the simulator, made slower than the idle threshold: a conversation
 * whose model call gives no answer for longer than {@code bpmn-agents.stall.idle-after}
 * is raised as AGENT_STALLED by the scheduled check and waits for a person, not for the
 * model.
 */
@EndToEndTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:idle-run-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=idleRunEndToEndTests", "camunda.bpm.webapp.enabled=false",
		"bpmn-agents.stall.idle-after=PT1S", "bpmn-agents.stall.idle-check-every=PT0.2S" })
class IdleRunEndToEndTest {

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	private Duration latency;

	@AfterEach
	void answerPromptlyAgain() {
		this.simulator.latency(this.latency);
	}

	@Test
	void aModelSlowerThanTheIdleThresholdStallsTheTurnAndAPersonIsAsked() {
		this.latency = this.simulator.latency();
		this.simulator.latency(Duration.ofSeconds(8));

		String id = this.api.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "agents", List.of("writer", "editor"), "maxTurns", 4));
		JsonNode stalled = this.api.awaitUserTask(id);

		assertThat(stalled.path("status").asText()).isEqualTo("RUNNING");
		assertThat(stalled.path("incidents")).isEmpty();
		assertThat(stalled.path("userTasks").get(0).path("activityId").asText()).isEqualTo("UserTask_DecideOnStall");
		assertThat(this.api.get("/engine-rest/process-instance/" + id + "/variables/stallReason")
			.getBody()
			.path("value")
			.asText()).contains("had no new answer for more than 1s (bpmn-agents.stall.idle-after)")
			.contains("the run's last model call started or answered at");
	}

}
