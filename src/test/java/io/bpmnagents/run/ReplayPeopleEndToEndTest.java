package io.bpmnagents.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.StreamSupport;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replays of runs in which people took part, through {@code /api/runs} against the
 * simulator over HTTP: their decisions and their messages into conversations are
 * re-delivered at the same places, so the replay waits for nobody, shows every agent the
 * recorded chat and makes no model call and no tool call; where a message's point no
 * longer exists, or was never recorded, the replay says so instead of answering without
 * it.
 */
@ObservedEndToEndTest
class ReplayPeopleEndToEndTest {

	private static final String MESSAGE = "Keep it under fifty euros.";

	private static final String INSTRUCTION = "Pick a destination by the sea.";

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

	@Autowired
	JdbcClient jdbc;

	@AfterEach
	void stopRepeating() {
		this.simulator.repeatTurns(false);
	}

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

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

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

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

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
	void aMessageSentWhileAStalledConversationWaitedAndTheInstructionReplayExactly() {
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		String original = stalledWithAMessageThenDecided("round-robin-conversation", approver::post,
				Map.of("stallDecision", Map.of("value", "instruct", "type", "String"), "stallInstruction",
						Map.of("value", INSTRUCTION, "type", "String")));
		JsonNode ended = this.api.awaitEnd(original);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		List<JsonNode> recorded = this.api.transcript(original);
		List<JsonNode> replayed = this.api.transcript(replay);
		assertThat(replayed).hasSameSizeAs(recorded);
		for (int i = 0; i < recorded.size(); i++) {
			assertThat(replayed.get(i).path("source").asText()).isEqualTo("replay");
			assertThat(replayed.get(i).path("prompt")).isEqualTo(recorded.get(i).path("prompt"));
			assertThat(replayed.get(i).path("contextMessages")).as("chat of call %d", i)
				.isEqualTo(recorded.get(i).path("contextMessages"));
		}
		assertThat(recorded).as("calls whose chat showed the message")
			.anySatisfy((call) -> assertThat(call.path("contextMessages").toString()).contains(MESSAGE));
		HistoricTaskInstance decided = tasks(original, "UserTask_DecideOnStall").get(0);
		HistoricTaskInstance redelivered = tasks(replay, "UserTask_DecideOnStall").get(0);
		assertThat(local(redelivered.getId())).containsEntry("replayOf", decided.getId())
			.containsEntry("decidedBy", approver.id())
			.containsEntry("stallDecision", "instruct")
			.containsEntry("stallInstruction", INSTRUCTION);
	}

	@Test
	void aMessageSentBeforeTheFirstTurnReadTheConversationIsReDeliveredToThatTurn() {
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, MESSAGE);
		JsonNode ended = this.api.run(original);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		JsonNode first = this.api.transcript(replay).get(0);
		assertThat(first.path("contextMessages").toString()).contains(MESSAGE);
		assertThat(first.path("contextMessages")).isEqualTo(this.api.transcript(original)
			.stream()
			.filter((call) -> call.path("error").isMissingNode() || call.path("error").isNull())
			.findFirst()
			.orElseThrow()
			.path("contextMessages"));
	}

	@Test
	void anEvaluationOfAConversationAPersonSpokeInRunsItsCaseInsteadOfBeingRefused() {
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, MESSAGE);

		this.simulator.choose("verdict", "same");

		ResponseEntity<JsonNode> created = this.api.post("/api/evaluations",
				Map.of("runs", List.of(original), "target", Map.of("process", "round-robin-conversation")));

		assertThat(created.getStatusCode().value()).isEqualTo(201);
		String evaluation = created.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(evaluation).path("status").asText()).isEqualTo("COMPLETED");
		JsonNode result = this.api.get("/api/evaluations/" + evaluation).getBody();
		assertThat(result.path("summary").path("failed").asInt()).as("failed cases in %s", result).isZero();
		JsonNode only = result.path("cases").get(0);
		assertThat(only.path("liveFrom").path("activityId").asText()).as("went live at %s", only.path("liveFrom"))
			.isEmpty();
		JsonNode replayed = this.api.run(only.path("newRunId").asText());
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("output").path("conversation").toString()).contains(MESSAGE);
	}

	@Test
	void aVersionWhoseConversationEndsBeforeTheMessagesTurnReportsTheDifference() throws Exception {
		String key = "replayed-chat";
		String xml = roundRobinAs(key);
		deploy(key, xml);
		// An administrator may decide too.
		String original = stalledWithAMessageThenDecided(key, this.api::post,
				Map.of("stallDecision", Map.of("value", "continue", "type", "String")));
		this.api.awaitEnd(original);
		JsonNode message = StreamSupport
			.stream(this.api.run(original).path("output").path("conversation").spliterator(), false)
			.filter((entry) -> MESSAGE.equals(entry.path("message").asText()))
			.findFirst()
			.orElseThrow();
		// Sent while turn 'turn + 1' stalled, the message was seen when that turn
		// was taken again; version 2 ends its conversation on the turn before.
		String limit = "<camunda:inputOutput><camunda:inputParameter name=\"maxTurns\">\\${"
				+ message.path("turn").asInt() + "}</camunda:inputParameter></camunda:inputOutput>";
		deploy(key,
				xml.replaceFirst(
						"(<camunda:property name=\"appendTo\" value=\"conversation\" />\\s*</camunda:properties>)",
						"$1" + limit));

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of("version", 2))
			.getBody()
			.path("id")
			.asText();

		JsonNode stopped = this.api.awaitIncident(replay);
		assertThat(stopped.path("incidents").get(0).toString()).contains("no longer exists")
			.contains("saw '" + message.path("speaker").asText() + "'")
			.contains(MESSAGE);
	}

	@Test
	void aMessageIntoAModellersOwnConversationIsRecordedWhateverItsTaskIsCalledAndReplays() throws Exception {
		String key = "own-chat";
		// The person's message reaches a task of the modeller's own id, in the message
		// event subprocess.
		deploy(key, roundRobinAs(key).replace("Task_RecordMessage", "Task_AddWhatThePersonSaid"));
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, key, MESSAGE);
		JsonNode ended = this.api.run(original);
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.jdbc.sql("SELECT content FROM conversation_message WHERE run_id = :run")
			.param("run", original)
			.query(String.class)
			.list()).containsExactly(MESSAGE);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		assertThat(this.api.transcript(replay).get(0).path("contextMessages").toString()).contains(MESSAGE);
	}

	@Test
	void aConversationRecordedBeforeMessagesWereKeptIsStillRefusedWithTheReason() {
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, MESSAGE);
		// As the migration marks every run recorded before this version.
		this.jdbc.sql("UPDATE run_input SET people_recorded = FALSE WHERE run_id = :run")
			.param("run", original)
			.update();

		ResponseEntity<JsonNode> refused = this.api.post("/api/runs/" + original + "/replay", Map.of());

		assertThat(refused.getStatusCode().value()).isEqualTo(409);
		assertThat(refused.getBody().path("detail").asText()).contains("1 message(s) from people took part in")
			.contains("ran before bpmn-agents recorded where people's messages entered a conversation");
	}

	/**
	 * Starts a conversation that repeats itself until it stalls; while it waits for a
	 * decision, a message is sent; then the decider decides, and the agents finish.
	 */
	private String stalledWithAMessageThenDecided(String process,
			BiFunction<String, Object, ResponseEntity<JsonNode>> decider, Map<String, Object> decision) {
		this.simulator.repeatTurns(true);
		String id = this.api.start(process,
				Map.of("task", "Plan a trip", "agents", List.of("writer", "editor"), "maxTurns", 10));
		String task = this.api.awaitUserTask(id).path("userTasks").get(0).path("id").asText();
		ExactReplays.sendAndAwait(this.api, id, MESSAGE);
		this.simulator.repeatTurns(false);
		ResponseEntity<JsonNode> decided = decider.apply("/engine-rest/task/" + task + "/submit-form",
				Map.of("variables", decision));
		assertThat(decided.getStatusCode().value()).as("decision answered %s", decided.getBody()).isEqualTo(204);
		return id;
	}

	/** The shipped round-robin conversation, as a process of one's own under this key. */
	private static String roundRobinAs(String key) throws Exception {
		return Files.readString(Path.of("processes/round-robin-conversation.bpmn"))
			.replace("id=\"round-robin-conversation\"", "id=\"" + key + "\"")
			.replace("bpmnElement=\"round-robin-conversation\"", "bpmnElement=\"" + key + "\"");
	}

	private void deploy(String key, String xml) throws Exception {
		ResponseEntity<JsonNode> deployed = this.api.deploy(key,
				Map.of(key + ".bpmn", xml, "round-robin-conversation.form",
						Files.readString(Path.of("processes/round-robin-conversation.form")),
						"conversation-stalled.form", Files.readString(Path.of("processes/conversation-stalled.form"))));
		assertThat(deployed.getStatusCode().value()).as("deployment %s", deployed.getBody()).isEqualTo(200);
	}

	private List<HistoricTaskInstance> approvals(String run) {
		return tasks(run, "UserTask_ApproveResult");
	}

	private List<HistoricTaskInstance> tasks(String run, String key) {
		return this.history.createHistoricTaskInstanceQuery()
			.rootProcessInstanceId(run)
			.taskDefinitionKey(key)
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
