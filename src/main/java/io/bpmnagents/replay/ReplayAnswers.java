package io.bpmnagents.replay;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.bpmnagents.budget.BudgetExhaustedException;
import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Answers the calls of a replay from the transcript of the original run, without a model.
 * A call is matched by its activity and agent, in the order the original made such calls
 * there (a loop's rounds), and its prompt must be the recorded one; among parallel calls
 * of one activity and agent, the prompt tells them apart. Each recorded answer answers
 * one call: a database constraint settles two parallel calls that would take the same.
 */
@Component
public class ReplayAnswers {

	private static final int EXCERPT = 120;

	private final RunInputs inputs;

	private final TranscriptStore transcript;

	private final ReplayOrder order;

	private final HistoryService history;

	ReplayAnswers(RunInputs inputs, TranscriptStore transcript, ReplayOrder order, HistoryService history) {
		this.history = history;
		this.inputs = inputs;
		this.transcript = transcript;
		this.order = order;
	}

	/** The run whose recording answers {@code runId}, when {@code runId} is a replay. */
	public Optional<String> originalOf(String runId) {
		return this.inputs.originalOf(runId);
	}

	/**
	 * The recorded call that answers call {@code callId} of the replay {@code runId},
	 * which is then marked in the transcript as replayed from it.
	 * @throws ReplayMismatchException when no recorded call answers it; the call is then
	 * marked replayed from none
	 */
	public TranscriptEntry answer(String runId, String original, String callId, String activityId, String agent,
			String prompt) {
		List<TranscriptEntry> recorded = this.transcript.forRun(original)
			.stream()
			// Every call that ended without error: a call that asked for tools (no
			// response) is found too, so that its replay can say it is not repeated.
			.filter((call) -> call.error() == null && call.endedAt() != null && activityId.equals(call.activityId())
					&& agent.equals(call.agent()))
			.toList();
		for (int attempt = 0; attempt < 3; attempt++) {
			TranscriptEntry match;
			try {
				match = pick(original, activityId, agent, prompt, recorded, this.transcript.replayedOriginals(runId));
			}
			catch (ReplayMismatchException ex) {
				this.transcript.replayed(callId, null);
				throw budgetSpentThere(runId, original, recorded).orElse(ex);
			}
			try {
				this.transcript.replayed(callId, match.id());
			}
			catch (DuplicateKeyException ex) {
				// a parallel call took this answer first: look again
				continue;
			}
			this.order.awaitTurn(runId, original, match.id());
			return match;
		}
		this.transcript.replayed(callId, null);
		throw new ReplayMismatchException("Replay of run " + original + ": agent '" + agent + "' at activity '"
				+ activityId + "' could not take a recorded answer: parallel calls kept taking the same one.");
	}

	/**
	 * The recorded call that answers a call: the first one not {@code used} yet, of those
	 * made at the same activity by the same agent ({@code recorded}, in start order),
	 * whose prompt is the same.
	 * @throws ReplayMismatchException naming the call, the expected and the actual prompt
	 */
	static TranscriptEntry pick(String original, String activityId, String agent, String prompt,
			List<TranscriptEntry> recorded, Set<String> used) {
		List<TranscriptEntry> unused = recorded.stream().filter((call) -> !used.contains(call.id())).toList();
		return unused.stream()
			.filter((call) -> call.prompt().equals(prompt))
			.findFirst()
			.orElseThrow(() -> mismatch(original, activityId, agent, prompt, recorded.size(), unused));
	}

	/**
	 * A call the recording has no answer for because the original run's budget refused
	 * it: the original ended with {@value RunBudget#ERROR_CODE}, and every answer
	 * recorded at this activity for this agent is used. The replay then ends as the
	 * original did, with its message, not in a mismatch.
	 */
	private Optional<RuntimeException> budgetSpentThere(String runId, String original, List<TranscriptEntry> recorded) {
		Set<String> used = this.transcript.replayedOriginals(runId);
		if (recorded.stream().anyMatch((call) -> !used.contains(call.id()))
				|| !RunBudget.ERROR_CODE.equals(ending(original, "endCode"))) {
			return Optional.empty();
		}
		Object message = ending(original, "endMessage");
		return Optional.of(BudgetExhaustedException
			.asRecorded((message != null) ? message.toString() : "Budget exhausted, as in run " + original));
	}

	private Object ending(String original, String variable) {
		HistoricVariableInstance found = this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(original)
			.variableName(variable)
			.list()
			.stream()
			.findFirst()
			.orElse(null);
		return (found != null) ? found.getValue() : null;
	}

	/** Undoes the claim of a call whose answer was not recorded (its lock was lost). */
	public void release(String callId) {
		this.transcript.replayed(callId, null);
	}

	private static ReplayMismatchException mismatch(String original, String activityId, String agent, String prompt,
			int recorded, List<TranscriptEntry> unused) {
		String call = "agent '" + agent + "' at activity '" + activityId + "'";
		if (unused.isEmpty()) {
			return new ReplayMismatchException("Replay of run " + original + ": " + call + " was asked once more than "
					+ "in the recording (" + recorded + " recorded call(s) there, all used), so there is no recorded "
					+ "answer. Actual prompt: " + prompt);
		}
		String expected = unused.get(0).prompt();
		int at = firstDifference(expected, prompt);
		return new ReplayMismatchException("Replay of run " + original + ": the prompt of " + call + " (call "
				+ (recorded - unused.size() + 1) + " of " + recorded + " recorded there) differs from the recording "
				+ "at character " + at + ": expected \"" + excerpt(expected, at) + "\", actual \"" + excerpt(prompt, at)
				+ "\". Expected prompt: " + expected + "\nActual prompt: " + prompt);
	}

	static int firstDifference(String a, String b) {
		int n = Math.min(a.length(), b.length());
		for (int i = 0; i < n; i++) {
			if (a.charAt(i) != b.charAt(i)) {
				return i;
			}
		}
		return n;
	}

	private static String excerpt(String text, int at) {
		int from = Math.max(0, at - EXCERPT / 3);
		int to = Math.min(text.length(), from + EXCERPT);
		return ((from > 0) ? "…" : "") + text.substring(from, to) + ((to < text.length()) ? "…" : "");
	}

}
