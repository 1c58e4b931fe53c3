package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays of runs in which people took part, through {@code /api/runs} against the
 * simulator over HTTP: their decisions are re-delivered at the same places, so the replay
 * waits for nobody and makes no model call and no tool call.
 */
@ObservedEndToEndTest
class ReplayPeopleEndToEndTest {

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@Autowired
	Simulator simulator;

	@Autowired
	HistoryService history;

	@Autowired
	WorkspaceStore workspace;

	@Test
	void aToolCallAPersonApprovedReplaysWithTheRecordedDecisionWithoutWaitingOrCallingAModelOrATool() {
		String original = this.api.start("refund-approval",
				Map.of("task", "The parcel of order A-17 arrived broken. [call issue_refund {\"orderId\": \"A-17\", "
						+ "\"amount\": 250, \"reason\": \"broken on arrival\"}]"));
		String task = this.api.awaitToolApprovalTask(original);
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		approver.completeTask(task, Map.of("decision", "approve", "reason", "The photo shows it."));
		JsonNode ended = this.api.awaitEnd(original);
		JsonNode decided = this.api.transcript(original).get(0).path("toolCalls").get(0);
		long requestsBefore = this.simulator.load().requests();

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
		assertThat(this.workspace.all(replay)).as("refunds the replay issued").isEmpty();
		assertThat(this.history.createHistoricProcessInstanceQuery()
			.superProcessInstanceId(replay)
			.processDefinitionKey("tool-approval")
			.count()).as("approvals the replay asked for").isZero();
		JsonNode call = this.api.transcript(replay).get(0).path("toolCalls").get(0);
		assertThat(call.path("replayOf").asText()).isEqualTo(decided.path("id").asText());
		assertThat(call.path("result")).isEqualTo(decided.path("result"));
		assertThat(call.path("approval").path("status").asText()).isEqualTo("approved");
		assertThat(call.path("approval").path("decidedBy").asText()).isEqualTo(approver.id());
		assertThat(call.path("approval").path("reason").asText()).isEqualTo("The photo shows it.");
	}

	@Test
	void aResultSentBackThenApprovedReplaysBothDecisionsInOrderWithoutAPerson() {
		String original = this.api.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("writer"), "requireApproval", true));
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		this.api.awaitUserTask(original);
		approver.post("/api/runs/" + original + "/approval", Map.of("approved", false, "comment", "Shorter, please"));
		this.api.awaitUserTask(original);
		approver.post("/api/runs/" + original + "/approval", Map.of("approved", true));
		JsonNode ended = this.api.awaitEnd(original);
		long requestsBefore = this.simulator.load().requests();

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
		List<HistoricTaskInstance> decided = approvals(original);
		List<HistoricTaskInstance> redelivered = approvals(replay);
		assertThat(redelivered).hasSize(2);
		for (int i = 0; i < 2; i++) {
			Map<String, Object> local = local(redelivered.get(i).getId());
			assertThat(local).containsEntry("replayOf", decided.get(i).getId())
				.containsEntry("decidedBy", approver.id())
				.containsEntry("approved", i == 1)
				.containsEntry("comment", (i == 0) ? "Shorter, please" : "");
		}
	}

	@Test
	void aConversationAPersonSpokeInIsRefusedWithTheReasonInsteadOfReplayedWithoutTheMessages() {
		// Every model call fails until healed, so the conversation is surely listening
		// when the message comes.
		this.simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String original = this.api.start("round-robin-conversation", Map.of("task", "Plan a picnic", "maxTurns", 2));
		this.api.awaitIncident(original);
		assertThat(this.api.post("/api/runs/" + original + "/messages", Map.of("content", "Bring an umbrella"))
			.getStatusCode()
			.value()).isEqualTo(202);
		this.simulator.faults(new Simulator.Faults(0, 0, 0, 0));
		this.api.post("/api/runs/" + original + "/retry", Map.of());
		this.api.awaitEnd(original);

		ResponseEntity<JsonNode> refused = this.api.post("/api/runs/" + original + "/replay", Map.of());

		assertThat(refused.getStatusCode().value()).isEqualTo(409);
		assertThat(refused.getBody().path("detail").asText())
			.contains("1 message(s) from people took part in; a replay does not re-deliver people's messages yet");
	}

	private List<HistoricTaskInstance> approvals(String run) {
		return this.history.createHistoricTaskInstanceQuery()
			.rootProcessInstanceId(run)
			.taskDefinitionKey("UserTask_ApproveResult")
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.list();
	}

	private Map<String, Object> local(String task) {
		return this.history.createHistoricVariableInstanceQuery()
			.taskIdIn(task)
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(HistoricVariableInstance::getName,
					HistoricVariableInstance::getValue));
	}

}
