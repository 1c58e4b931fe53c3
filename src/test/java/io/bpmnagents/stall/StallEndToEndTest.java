package io.bpmnagents.stall;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A looping agent over HTTP against the simulator, told to call the same tool with the
 * same arguments whatever it gets back: the run raises AGENT_STALLED and waits for a
 * person.
 */
class StallEndToEndTest extends EndToEndApiTest {

	@AfterEach
	void stopLooping() {
		this.simulator.loopToolCalls(false);
	}

	@Test
	void anAgentThatCallsTheSameToolAgainAndAgainIsRaisedToAPerson() {
		String model = Bpmn.convertToString(LoopingResearcher.model("looping-agent", true));
		assertThat(this.api.deploy("looping-agent", Map.of("looping-agent.bpmn", model)).getStatusCode().value())
			.isEqualTo(200);
		this.simulator.loopToolCalls(true);

		String id = this.api.start("looping-agent", Map.of("task", "Read your notes on tides"));

		JsonNode run = this.api.awaitUserTask(id);
		assertThat(run.path("status").asText()).isEqualTo("RUNNING");
		assertThat(run.path("incidents")).isEmpty();
		assertThat(run.path("userTasks").get(0).path("activityId").asText()).isEqualTo("UserTask_Decide");
		// Three model calls asked for the same call; the third request was not run.
		JsonNode transcript = this.api.get("/api/runs/" + id + "/transcript").getBody();
		assertThat(transcript).hasSize(3);
		assertThat(transcript.get(2).path("toolCalls").get(0).has("result")).isFalse();
		assertThat(transcript.get(1).path("toolCalls").get(0).path("tool").asText()).isEqualTo("workspace_read");
	}

}
