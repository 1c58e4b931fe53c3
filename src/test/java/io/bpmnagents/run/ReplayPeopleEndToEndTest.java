package io.bpmnagents.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.SwitchableModel;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	private static final String BEFORE_THE_FIRST_PICK = MESSAGE;

	private static final String DURING_A_TURN = "Mind the weather.";

	private static final String DURING_A_PICK = "Bring a blanket.";

	private static final String DURING_THE_LAST_TURN = "We meet at noon.";

	/** Words of the selector's prompt, and of its turns', in selector-group-chat. */
	private static final String PICK_PROMPT = "You choose who speaks next";

	private static final String TURN_PROMPT = "You were chosen to speak";

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

	@Autowired
	SwitchableModel model;

	@AfterEach
	void stopRepeatingAndHolding() {
		this.simulator.repeatTurns(false);
		this.model.reset();
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

	@ParameterizedTest
	@ValueSource(strings = { "round-robin-conversation", "selector-group-chat" })
	void aMessageSentWhileAStalledConversationWaitedAndTheInstructionReplayExactly(String process) {
		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		String original = stalledWithAMessageThenDecided(process, approver::post,
				Map.of("stallDecision", Map.of("value", "instruct", "type", "String"), "stallInstruction",
						Map.of("value", INSTRUCTION, "type", "String")));
		JsonNode ended = this.api.awaitEnd(original);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		ExactReplays.sameCallsAs(this.api, original, replay);
		List<JsonNode> recorded = this.api.transcript(original);
		assertThat(recorded).as("calls whose chat showed the message")
			.anySatisfy((call) -> assertThat(call.path("contextMessages").toString() + call.path("prompt"))
				.contains(MESSAGE));
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
			.filter(ExactReplays::answered)
			.findFirst()
			.orElseThrow()
			.path("contextMessages"));
	}

	@Test
	void anEvaluationOfAConversationAPersonSpokeInRunsItsCaseInsteadOfBeingRefused() {
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, MESSAGE);

		JsonNode replayed = evaluatedWithoutADifference(original, "round-robin-conversation");

		assertThat(replayed.path("output").path("conversation").toString()).contains(MESSAGE);
	}

	@Test
	void aVersionWhoseConversationEndsBeforeTheMessagesTurnReportsTheDifference() throws Exception {
		String key = "replayed-chat";
		String xml = ownCopyOf("round-robin-conversation", key);
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
		String incident = replayedOnAVersionEndingAfter(message.path("turn").asInt(), original, key, xml,
				"round-robin-conversation");

		assertThat(incident).contains("no longer exists")
			.contains("saw '" + message.path("speaker").asText() + "'")
			.contains(MESSAGE);
	}

	@Test
	void aSelectorChatSpokenIntoBeforeTheFirstPickDuringAPickAndDuringTurnsReplaysEveryCallExactly() {
		String original = spokenIntoAtEveryPoint("selector-group-chat");
		JsonNode ended = this.api.awaitEnd(original);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		ExactReplays.sameCallsAs(this.api, original, replay);
		// The messages reached the recorded calls where the scenario put them.
		List<JsonNode> picks = answered(original, "Task_SelectSpeaker");
		List<JsonNode> turns = answered(original, "Task_Speak");
		assertThat(picks.get(0).path("prompt").asText()).contains(BEFORE_THE_FIRST_PICK);
		assertThat(turns.get(0).path("contextMessages").toString()).doesNotContain(DURING_A_TURN);
		assertThat(picks.get(1).path("prompt").asText()).contains(DURING_A_TURN).doesNotContain(DURING_A_PICK);
		assertThat(turns.get(1).path("contextMessages").toString()).contains(DURING_A_PICK)
			.doesNotContain(DURING_THE_LAST_TURN);
		assertThat(ended.path("output").path("conversation").toString()).contains(DURING_THE_LAST_TURN);
	}

	@Test
	void anEvaluationOfASelectorChatSpokenIntoAtEveryPointRunsItsCaseWithoutADifference() {
		String original = spokenIntoAtEveryPoint("selector-group-chat");
		JsonNode ended = this.api.awaitEnd(original);

		JsonNode replayed = evaluatedWithoutADifference(original, "selector-group-chat");

		assertThat(replayed.path("output").path("conversation")).isEqualTo(ended.path("output").path("conversation"));
	}

	@Test
	void aVersionWhoseChatEndsBeforeThePickThatSawAMessageReportsTheDifference() throws Exception {
		String key = "replayed-selector";
		String xml = ownCopyOf("selector-group-chat", key);
		String original = spokenIntoAtEveryPoint(key);
		this.api.awaitEnd(original);

		String incident = replayedOnAVersionEndingAfter(1, original, key, xml, "selector-group-chat");

		assertThat(incident).contains("no longer exists")
			.contains("the step before turn 2 saw '" + ApiClient.USER + "'")
			.contains(DURING_A_TURN);
	}

	@Test
	void aMessageIntoAModellersOwnConversationIsRecordedWhateverItsTaskIsCalledAndReplays() throws Exception {
		String key = "own-chat";
		// The person's message reaches a task of the modeller's own id, in the message
		// event subprocess.
		deploy(key, copyOf("round-robin-conversation", key).replace("Task_RecordMessage", "Task_AddWhatThePersonSaid"),
				"round-robin-conversation");
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

	/**
	 * A selector chat of two turns people speak into at every point: before the first
	 * pick reads the chat (its first call fails until then), during the first turn (the
	 * second pick sees it first), during the second pick (the second turn does) and
	 * during the last turn (no call does). The model holds each of those calls while the
	 * message is sent.
	 */
	private String spokenIntoAtEveryPoint(String process) {
		String id = ExactReplays.spokenIntoBeforeTheFirstCall(this.api, this.simulator, process,
				Map.of("task", "Plan a picnic", "maxTurns", 2), BEFORE_THE_FIRST_PICK);
		SwitchableModel.Hold firstTurn = holdThe(1, TURN_PROMPT);
		SwitchableModel.Hold secondPick = holdThe(2, PICK_PROMPT);
		SwitchableModel.Hold lastTurn = holdThe(2, TURN_PROMPT);
		this.api.post("/api/runs/" + id + "/retry", Map.of());
		sentWhileHeld(id, firstTurn, DURING_A_TURN);
		sentWhileHeld(id, secondPick, DURING_A_PICK);
		sentWhileHeld(id, lastTurn, DURING_THE_LAST_TURN);
		return id;
	}

	/** Holds the {@code nth} call whose chat holds {@code prompt}. */
	private SwitchableModel.Hold holdThe(int nth, String prompt) {
		AtomicInteger seen = new AtomicInteger();
		return this.model
			.hold((request) -> request.messages().toString().contains(prompt) && seen.incrementAndGet() == nth);
	}

	private void sentWhileHeld(String run, SwitchableModel.Hold hold, String message) {
		hold.awaitHeld();
		ExactReplays.sendAndAwait(this.api, run, message);
		hold.release();
	}

	/** The calls of {@code run} at {@code activity} that were answered, in order. */
	private List<JsonNode> answered(String run, String activity) {
		return this.api.transcript(run)
			.stream()
			.filter(ExactReplays::answered)
			.filter((call) -> activity.equals(call.path("activityId").asText()))
			.toList();
	}

	/**
	 * Evaluates {@code original} against {@code process} and checks that its case was
	 * replayed to its end without going live; answers the case's run.
	 */
	private JsonNode evaluatedWithoutADifference(String original, String process) {
		this.simulator.choose("verdict", "same");

		ResponseEntity<JsonNode> created = this.api.post("/api/evaluations",
				Map.of("runs", List.of(original), "target", Map.of("process", process)));

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
		return replayed;
	}

	/**
	 * A shipped conversation as a process of one's own, under {@code key}, deployed as a
	 * modeller deploys it; answers its XML.
	 */
	private String ownCopyOf(String process, String key) throws Exception {
		String xml = copyOf(process, key);
		deploy(key, xml, process);
		return xml;
	}

	/** A shipped process as a process of one's own under {@code key}. */
	private static String copyOf(String process, String key) throws Exception {
		return Files.readString(Path.of("processes/" + process + ".bpmn"))
			.replace("id=\"" + process + "\"", "id=\"" + key + "\"")
			.replace("bpmnElement=\"" + process + "\"", "bpmnElement=\"" + key + "\"");
	}

	/**
	 * Deploys version 2 of {@code key}, whose conversation ends after {@code turns}
	 * turns, replays {@code original} against it and answers the incident the replay
	 * stopped at.
	 */
	private String replayedOnAVersionEndingAfter(int turns, String original, String key, String xml, String process)
			throws Exception {
		deploy(key, withMaxTurns(xml, turns), process);
		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of("version", 2))
			.getBody()
			.path("id")
			.asText();
		return this.api.awaitIncident(replay).path("incidents").get(0).toString();
	}

	/** The process with its turns limited to {@code turns}, whatever the run's input. */
	private static String withMaxTurns(String xml, int turns) {
		String limit = "<camunda:inputOutput><camunda:inputParameter name=\"maxTurns\">\\${" + turns
				+ "}</camunda:inputParameter></camunda:inputOutput>";
		return xml.replaceFirst("(camunda:topic=\"conversation-turn\"[\\s\\S]*?</camunda:properties>)", "$1" + limit);
	}

	private void deploy(String key, String xml, String process) throws Exception {
		ResponseEntity<JsonNode> deployed = this.api.deploy(key,
				Map.of(key + ".bpmn", xml, process + ".form",
						Files.readString(Path.of("processes/" + process + ".form")), "conversation-stalled.form",
						Files.readString(Path.of("processes/conversation-stalled.form"))));
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
