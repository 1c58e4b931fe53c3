package io.bpmnagents.pattern.conversation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.bpmnagents.replay.ReplayCheck;
import io.bpmnagents.replay.ReplayMismatchException;
import io.bpmnagents.replay.ReplayMode;
import io.bpmnagents.replay.RunInputs;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;

import org.springframework.stereotype.Component;

/**
 * People's messages into a conversation, in its replays. A message reaches the speakers
 * as their chat history, not as their prompts, so a replay answered from the recording
 * without it would silently show its speakers less than the recorded ones saw. Each turn
 * therefore records, before its call, which messages it is shown for the first time (its
 * number, and the stall decisions before it: a stalled turn is taken again), and a replay
 * re-delivers each message at that point: into the conversation by the turn before (so a
 * selector's pick, made between two turns, sees it as well), or by the turn itself when
 * it is the first or is taken again after a stall, at the same place in the list, with
 * the same sender and text. A message no turn saw (sent during the last turn) is added
 * when the replay's conversation ends. Runs recorded before messages were kept are
 * refused.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ConversationReplays implements ReplayCheck {

	/** The user task where a person decides on a stall (approval's StallDecision). */
	private static final String STALL_DECISION = "UserTask_DecideOnStall";

	private final HistoryService history;

	private final RunInputs inputs;

	private final PersonMessages messages;

	@Override
	public Optional<String> refusal(String originalRunId) {
		if (this.inputs.recordsPeople(originalRunId)) {
			return Optional.empty();
		}
		long messages = this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(originalRunId)
			.variableName(ConversationMessages.FROM)
			.count();
		return (messages == 0) ? Optional.empty()
				: Optional.of("Run '" + originalRunId + "' is a conversation " + messages + " message(s) from people "
						+ "took part in, and it ran before bpmn-agents recorded where people's messages entered a "
						+ "conversation; a replay would answer its speakers from the recording without them. Runs "
						+ "started from this version on can be replayed with their messages.");
	}

	/**
	 * What the turn after {@code turns} taken re-delivers in run {@code runId}: nothing
	 * unless it is a replay (known without a query for other runs).
	 */
	Redelivery at(String runId, String processInstanceId, int turns) {
		Optional<ReplayMode> mode = this.inputs.modeOf(runId);
		if (mode.isEmpty()) {
			return Redelivery.NONE;
		}
		List<PersonMessages.PersonMessage> recorded = this.messages.of(mode.get().original());
		if (recorded.isEmpty()) {
			return Redelivery.NONE;
		}
		Set<String> done = this.messages.redeliveredInto(runId);
		List<PersonMessages.PersonMessage> pending = recorded.stream()
			.filter((message) -> !done.contains(message.id()))
			.toList();
		long stalls = stalls(processInstanceId);
		int turn = turns + 1;
		List<PersonMessages.PersonMessage> now = matching(pending,
				(message) -> message.seenByTurn() != null && (message.seenByTurn() < turn
						|| (message.seenByTurn() == turn && message.seenAfterStalls() <= stalls)));
		List<PersonMessages.PersonMessage> unseen = matching(pending, (message) -> message.seenByTurn() == null);
		return new Redelivery(mode.get(), now,
				matching(pending,
						(message) -> message.seenByTurn() != null && message.seenByTurn() == turn + 1
								&& message.seenAfterStalls() <= stalls),
				unseen, matching(pending, (message) -> !now.contains(message) && !unseen.contains(message)), turn);
	}

	private static List<PersonMessages.PersonMessage> matching(List<PersonMessages.PersonMessage> messages,
			Predicate<PersonMessages.PersonMessage> due) {
		return messages.stream().filter(due).toList();
	}

	/**
	 * The stall decisions taken so far in the process instance: a stalled turn is taken
	 * again after each, so they tell a turn's readings apart.
	 */
	private long stalls(String processInstanceId) {
		return this.history.createHistoricTaskInstanceQuery()
			.processInstanceId(processInstanceId)
			.taskDefinitionKey(STALL_DECISION)
			.finished()
			.count();
	}

	/**
	 * Records that turn {@code turn} of {@code runId} is shown {@code seen}, before its
	 * call; asks the database only when a person's message is among the entries a turn
	 * may not have read yet (those after the entry of the last turn but one), so
	 * conversations nobody spoke into cost nothing.
	 */
	void seen(String runId, String processInstanceId, List<Map<String, Object>> seen, int turn) {
		int agentEntries = 0;
		for (int i = seen.size() - 1; i >= 0 && agentEntries < 2; i--) {
			if (!Boolean.TRUE.equals(seen.get(i).get("human"))) {
				agentEntries++;
			}
			else {
				this.messages.seen(runId, seen.size(), turn, stalls(processInstanceId));
				return;
			}
		}
	}

	/**
	 * The original's messages a replay's turn re-delivers.
	 *
	 * @param now those the turn itself shows: the first turn's, those a stalled turn
	 * shows when taken again, and any whose point has passed
	 * @param next those the next turn shows first, added when this turn completes, so
	 * that what happens between two turns (a selector's pick) sees them too
	 * @param unseen those no turn showed, added when the conversation ends with this turn
	 * @param later those later turns showed first
	 * @param turn this turn's number
	 */
	record Redelivery(ReplayMode mode, List<PersonMessages.PersonMessage> now, List<PersonMessages.PersonMessage> next,
			List<PersonMessages.PersonMessage> unseen, List<PersonMessages.PersonMessage> later, int turn) {

		static final Redelivery NONE = new Redelivery(null, List.of(), List.of(), List.of(), List.of(), 0);

		/**
		 * The difference an exact replay reports when its conversation ends with this
		 * turn although the recording has messages that later turns saw: their point no
		 * longer exists. Empty when going live, which may end elsewhere by design.
		 */
		Optional<ReplayMismatchException> endedEarly() {
			if (this.later.isEmpty() || this.mode.goLive()) {
				return Optional.empty();
			}
			return Optional.of(new ReplayMismatchException("Replay of run " + this.mode.original()
					+ ": the conversation ended with turn " + this.turn + ", but " + this.later.size()
					+ " message(s) from people were first seen by later turns in the recording, so the point where "
					+ "they were delivered no longer exists: "
					+ this.later.stream()
						.map((message) -> "turn " + message.seenByTurn() + " saw '" + message.sender() + "': \""
								+ message.content() + "\"")
						.collect(Collectors.joining("; "))));
		}

	}

	/**
	 * Puts {@code messages} into {@code conversation} at the places they had in the
	 * original's, and records them as re-delivered into replay {@code runId}.
	 */
	void deliver(String runId, List<PersonMessages.PersonMessage> messages, List<Map<String, Object>> conversation) {
		deliverInMemory(messages, conversation);
		messages.forEach((message) -> this.messages.redelivered(runId, message));
	}

	/** Puts {@code messages} into {@code conversation} only: what a turn is shown. */
	void deliverInMemory(List<PersonMessages.PersonMessage> messages, List<Map<String, Object>> conversation) {
		for (PersonMessages.PersonMessage message : messages) {
			conversation.add(Math.min(message.index(), conversation.size()), message.entry());
		}
	}

}
