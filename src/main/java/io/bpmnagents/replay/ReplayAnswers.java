package io.bpmnagents.replay;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.bpmnagents.budget.BudgetExhaustedException;
import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
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
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ReplayAnswers {

	private static final int EXCERPT = 120;

	private final RunInputs inputs;

	private final TranscriptStore transcript;

	private final ReplayOrder order;

	private final HistoryService history;

	/** The run whose recording answers {@code runId}, when {@code runId} is a replay. */
	public Optional<String> originalOf(String runId) {
		return this.inputs.originalOf(runId);
	}

	/** How {@code runId} is answered, when it is a replay (remembered per run). */
	public Optional<ReplayMode> modeOf(String runId) {
		return this.inputs.modeOf(runId);
	}

	/**
	 * The recorded call that answers call {@code callId} of the replay {@code runId},
	 * which is then marked in the transcript as answered from it; empty when the live
	 * model answers instead: the replay goes live ({@link ReplayRequest#goLive()}) and
	 * this call differs from the recording, or an earlier one did.
	 * @param call what is asked: where, of which agent, with which system prompt and
	 * prompt
	 * @throws ReplayMismatchException when no recorded call answers it and the replay
	 * does not go live; the call is then marked replayed from none
	 */
	public Optional<TranscriptEntry> answer(String runId, String callId, Asked call) {
		ReplayMode mode = this.inputs.modeOf(runId)
			.orElseThrow(() -> new IllegalStateException("Run " + runId + " is not a replay"));
		if (mode.goLive() && this.inputs.isLive(runId)) {
			return Optional.empty();
		}
		String original = mode.original();
		ReplayRequest.AgentOverride override = mode.override(call.agent());
		String model = (override != null) ? override.model() : null;
		List<TranscriptEntry> recorded = this.transcript.forRun(original)
			.stream()
			// Every call that ended without error: a call that asked for tools (no
			// response) answers with the tool calls it asked for.
			.filter((entry) -> entry.error() == null && entry.endedAt() != null
					&& call.activityId().equals(entry.activityId()) && call.agent().equals(entry.agent()))
			.toList();
		for (int attempt = 0; attempt < 3; attempt++) {
			TranscriptEntry match;
			try {
				match = pick(original, call, model, recorded, this.transcript.replayedOriginals(runId));
			}
			catch (ReplayMismatchException ex) {
				Optional<RuntimeException> budget = budgetSpentThere(runId, original, recorded);
				if (mode.goLive() && budget.isEmpty()) {
					if (this.inputs.wentLive(runId, callId, ex.expectedPrompt())) {
						this.transcript.wentLive(callId, "Went live here. " + ex.getMessage());
					}
					return Optional.empty();
				}
				this.transcript.replayed(callId, null);
				throw budget.orElse(ex);
			}
			try {
				this.transcript.replayed(callId, match.id());
			}
			catch (DuplicateKeyException ex) {
				// a parallel call took this answer first: look again
				continue;
			}
			this.order.awaitTurn(runId, original, match.id());
			return Optional.of(match);
		}
		this.transcript.replayed(callId, null);
		throw new ReplayMismatchException("Replay of run " + original + ": agent '" + call.agent() + "' at activity '"
				+ call.activityId() + "' could not take a recorded answer: parallel calls kept taking the same one.");
	}

	/**
	 * A call of a replay as the recording is searched for it.
	 *
	 * @param systemPrompt the agent's system prompt as sent (null: not compared)
	 */
	public record Asked(String activityId, String agent, String systemPrompt, String prompt) {
	}

	/**
	 * The recorded call that answers a call: the first one not {@code used} yet, of those
	 * made at the same activity by the same agent ({@code recorded}, in start order),
	 * whose prompt is the same.
	 * @throws ReplayMismatchException naming the call, the expected and the actual prompt
	 */
	static TranscriptEntry pick(String original, String activityId, String agent, String prompt,
			List<TranscriptEntry> recorded, Set<String> used) {
		return pick(original, new Asked(activityId, agent, null, prompt), null, recorded, used);
	}

	/**
	 * As {@link #pick(String, String, String, String, List, Set)}, and the recorded call
	 * must also have been sent the same system prompt (when given) and answered by
	 * {@code model} (when given: the model an override asks for).
	 */
	static TranscriptEntry pick(String original, Asked call, String model, List<TranscriptEntry> recorded,
			Set<String> used) {
		List<TranscriptEntry> unused = recorded.stream().filter((entry) -> !used.contains(entry.id())).toList();
		TranscriptEntry match = unused.stream()
			.filter((entry) -> entry.prompt().equals(call.prompt()))
			.findFirst()
			.orElseThrow(
					() -> mismatch(original, call.activityId(), call.agent(), call.prompt(), recorded.size(), unused));
		String where = "Replay of run " + original + ": agent '" + call.agent() + "' at activity '" + call.activityId()
				+ "'";
		String recordedSystem = systemPrompt(match);
		if (call.systemPrompt() != null && recordedSystem != null && !recordedSystem.equals(call.systemPrompt())) {
			throw new ReplayMismatchException(where + " has another system prompt than in the recording. Expected "
					+ "system prompt: " + recordedSystem + "\nActual system prompt: " + call.systemPrompt()
					+ "\nPrompt (the same): " + call.prompt(), match.prompt());
		}
		if (model != null && !model.equals(match.model())) {
			throw new ReplayMismatchException(where + " is asked of model '" + model + "'; the recording was answered "
					+ "by '" + match.model() + "'. Prompt (the same): " + call.prompt(), match.prompt());
		}
		return match;
	}

	private static String systemPrompt(TranscriptEntry entry) {
		return (entry.contextMessages() != null) ? entry.contextMessages()
			.stream()
			.filter((turn) -> "system".equals(turn.role()))
			.map(ChatTurn::content)
			.findFirst()
			.orElse(null) : null;
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
					+ "answer. Actual prompt: " + prompt, null);
		}
		String expected = unused.get(0).prompt();
		int at = firstDifference(expected, prompt);
		return new ReplayMismatchException("Replay of run " + original + ": the prompt of " + call + " (call "
				+ (recorded - unused.size() + 1) + " of " + recorded + " recorded there) differs from the recording "
				+ "at character " + at + ": expected \"" + excerpt(expected, at) + "\", actual \"" + excerpt(prompt, at)
				+ "\". Expected prompt: " + expected + "\nActual prompt: " + prompt, expected);
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
