package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP against the simulator, made to repeat itself: a round-robin conversation that
 * goes round in circles waits for an approver, who tells the agents something new through
 * Camunda's REST API (as Tasklist does); the instruction joins the conversation and the
 * agents finish.
 */
class StalledConversationEndToEndTest extends EndToEndApiTest {

	@AfterEach
	void stopRepeating() {
		this.simulator.repeatTurns(false);
	}

	@Test
	void anApproversInstructionGetsAStalledConversationGoingAgain() {
		this.simulator.repeatTurns(true);
		String id = this.api.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "agents", List.of("writer", "editor"), "maxTurns", 10));

		JsonNode stalled = this.api.awaitUserTask(id);
		assertThat(stalled.path("status").asText()).isEqualTo("RUNNING");
		assertThat(stalled.path("incidents")).isEmpty();
		JsonNode task = stalled.path("userTasks").get(0);
		assertThat(task.path("activityId").asText()).isEqualTo("UserTask_DecideOnStall");
		String taskId = task.path("id").asText();

		People.Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		ResponseEntity<JsonNode> notAnApprover = operator.post("/engine-rest/task/" + taskId + "/submit-form",
				ApproverDecides.form("stop", null));
		assertThat(notAnApprover.getStatusCode().value()).isEqualTo(403);

		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		ResponseEntity<JsonNode> missingInstruction = approver.post("/engine-rest/task/" + taskId + "/submit-form",
				ApproverDecides.form("instruct", null));
		assertThat(missingInstruction.getStatusCode().value()).isEqualTo(400);
		assertThat(missingInstruction.getBody().path("message").asText()).contains("'stallInstruction' is required");

		this.simulator.repeatTurns(false);
		ResponseEntity<JsonNode> decided = approver.post("/engine-rest/task/" + taskId + "/submit-form",
				ApproverDecides.form("instruct", "Pick a destination by the sea."));
		assertThat(decided.getStatusCode().value()).isEqualTo(204);

		JsonNode ended = this.api.awaitEnd(id);
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode conversation = ended.path("output").path("conversation");
		JsonNode instruction = null;
		int at = -1;
		for (int i = 0; i < conversation.size(); i++) {
			if (conversation.get(i).path("human").asBoolean()) {
				instruction = conversation.get(i);
				at = i;
			}
		}
		assertThat(instruction).isNotNull();
		assertThat(instruction.path("speaker").asText()).isEqualTo(approver.id());
		assertThat(instruction.path("message").asText()).isEqualTo("Pick a destination by the sea.");
		// The turn after it builds on it.
		assertThat(conversation.get(at + 1).path("message").asText()).contains("Pick a destination by the sea.");
	}

}
