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
 * as their chat history, and a selector's pick as its prompt, so a replay answered from
 * the recording without it would show its speakers less than the recorded ones saw, or
 * report a pick's prompt as different. Each reader of the conversation therefore records,
 * before its call, which messages it is shown for the first time: a turn (its number, and
 * the stall decisions before it: a stalled turn is taken again), or a step of the
 * conversation before a turn (an agent task whose prompt shows the conversation while it
 * runs, such as the selector's pick; {@link ConversationSteps}). A replay re-delivers
 * each message to the first reader at or after that point, at the same place in the list,
 * with the same sender and text: the step shows it in its prompt, and the turn shows it
 * and puts it into the conversation when it completes. A message no turn saw (sent during
 * the last turn) is added when the replay's conversation ends. Runs recorded before
 * messages were kept are refused.
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
		List<PersonMessages.PersonMessage> pending = pending(mode, runId);
		if (pending.isEmpty()) {
			return Redelivery.NONE;
		}
		long stalls = stalls(processInstanceId);
		int turn = turns + 1;
		List<PersonMessages.PersonMessage> now = matching(pending, (message) -> message.dueBy(turn, stalls, false));
		List<PersonMessages.PersonMessage> unseen = matching(pending, (message) -> message.seenByTurn() == null);
		return new Redelivery(mode.get(), now, unseen,
				matching(pending, (message) -> !now.contains(message) && !unseen.contains(message)), turn);
	}

	/**
	 * What a step of the conversation before the turn after {@code turns} taken (a
	 * selector's pick) is shown besides the conversation in run {@code runId}: in a
	 * replay, the original's messages due by then and not re-delivered yet. The turn
	 * after the step puts them into the conversation. Nothing, without a query, unless
	 * the run is a replay.
	 */
	List<PersonMessages.PersonMessage> beforeTurn(String runId, String processInstanceId, int turns) {
		List<PersonMessages.PersonMessage> pending = pending(this.inputs.modeOf(runId), runId);
		if (pending.isEmpty()) {
			return List.of();
		}
		long stalls = stalls(processInstanceId);
		return matching(pending, (message) -> message.dueBy(turns + 1, stalls, true));
	}

	/**
	 * The original's messages not re-delivered into replay {@code runId} yet; none
	 * without a query when the run is no replay.
	 */
	private List<PersonMessages.PersonMessage> pending(Optional<ReplayMode> mode, String runId) {
		if (mode.isEmpty()) {
			return List.of();
		}
		List<PersonMessages.PersonMessage> recorded = this.messages.of(mode.get().original());
		if (recorded.isEmpty()) {
			return List.of();
		}
		Set<String> done = this.messages.redeliveredInto(runId);
		return matching(recorded, (message) -> !done.contains(message.id()));
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
	 * Records that turn {@code turn} of {@code runId}, or the step before it when
	 * {@code beforeTurn}, is shown {@code seen}, before its call; asks the database only
	 * when a person's message is among the entries no reader may have read yet (those
	 * after the entry of the last turn but one), so conversations nobody spoke into cost
	 * nothing.
	 */
	void seen(String runId, String processInstanceId, List<Map<String, Object>> seen, int turn, boolean beforeTurn) {
		int agentEntries = 0;
		for (int i = seen.size() - 1; i >= 0 && agentEntries < 2; i--) {
			if (!Boolean.TRUE.equals(seen.get(i).get("human"))) {
				agentEntries++;
			}
			else {
				this.messages.seen(runId, seen.size(), turn, stalls(processInstanceId), beforeTurn);
				return;
			}
		}
	}

	/**
	 * The original's messages a replay's turn re-delivers.
	 *
	 * @param now those the turn shows and puts into the conversation: those first read by
	 * it or by the step before it, and any whose point has passed
	 * @param unseen those no turn showed, added when the conversation ends with this turn
	 * @param later those later turns, or steps before them, showed first
	 * @param turn this turn's number
	 */
	record Redelivery(ReplayMode mode, List<PersonMessages.PersonMessage> now,
			List<PersonMessages.PersonMessage> unseen, List<PersonMessages.PersonMessage> later, int turn) {

		static final Redelivery NONE = new Redelivery(null, List.of(), List.of(), List.of(), 0);

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
					+ " message(s) from people were first seen by later turns, or steps before them, in the recording, "
					+ "so the point where they were delivered no longer exists: "
					+ this.later.stream()
						.map((message) -> message.reader() + " saw '" + message.sender() + "': \"" + message.content()
								+ "\"")
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
