package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP against the simulator, told to call the same tool again and again: the
 * pipeline's analyst stage is paused and an approver is asked; their instruction, given
 * through Camunda's REST API as Tasklist does, ends the stage's retried prompt, and the
 * pipeline finishes.
 */
class PausedPipelineEndToEndTest extends EndToEndApiTest {

	private static final String INSTRUCTION = "Answer from what you know.";

	@AfterEach
	void stopLooping() {
		this.simulator.loopToolCalls(false);
	}

	@Test
	void anApproversInstructionGetsAPausedStageGoingAgain() {
		this.simulator.loopToolCalls(true);
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Read your notes on tides", "agents", List.of("analyst", "writer")));

		JsonNode stalled = this.api.awaitUserTask(id);
		assertThat(stalled.path("status").asText()).isEqualTo("RUNNING");
		assertThat(stalled.path("incidents")).isEmpty();
		JsonNode task = stalled.path("userTasks").get(0);
		assertThat(task.path("activityId").asText()).isEqualTo("UserTask_DecideOnStall");

		this.simulator.loopToolCalls(false);
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		assertThat(approver
			.post("/engine-rest/task/" + task.path("id").asText() + "/submit-form",
					ApproverDecides.form("instruct", INSTRUCTION))
			.getStatusCode()
			.value()).isEqualTo(204);

		JsonNode ended = this.api.awaitEnd(id);
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode transcript = this.api.get("/api/runs/" + id + "/transcript").getBody();
		List<JsonNode> analyst = transcript.valueStream()
			.filter((call) -> "analyst".equals(call.path("agent").asText()))
			.toList();
		// The three stalled calls stay on record; the retried stage's prompt carries the
		// instruction in the approver's name.
		assertThat(analyst).hasSizeGreaterThan(3);
		assertThat(analyst.subList(0, 3))
			.noneSatisfy((call) -> assertThat(call.path("prompt").asText()).contains(INSTRUCTION));
		String said = "Instruction from " + approver.id() + ": " + INSTRUCTION;
		assertThat(analyst.get(analyst.size() - 1).path("prompt").asText()).endsWith(said);
		// The next stage is asked as before (its prompt is the analyst's answer).
		assertThat(transcript.valueStream().filter((call) -> "writer".equals(call.path("agent").asText())))
			.singleElement()
			.satisfies((call) -> assertThat(call.path("prompt").asText()).doesNotEndWith(said));
	}

}
