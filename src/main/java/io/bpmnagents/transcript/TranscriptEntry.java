package io.bpmnagents.transcript;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model call of a run. A failed attempt carries {@code error} and no
 * {@code response}; a call still in flight has neither. A call whose model asked for
 * tools has no {@code response} but {@code toolCalls}: what it asked for, with each
 * tool's result or error. {@code traceId} and {@code spanId} name the call's span in the
 * tracing backend (when traced); {@code source} is {@code model}, {@code a2a} when a
 * remote A2A agent answered it, or {@code replay} when a replay answered it from the
 * recorded call {@code replayOf} of the original run, without a model. {@code guardrails}
 * holds what each guardrail decided about the call's prompt and answer, in order.
 * {@code liveFrom} is {@code true} on the call where a replay went live (the first that
 * differed from the recording: the model answered it and every later call); absent
 * elsewhere. An entry with {@code quota} is no model call but one an agent could not make
 * yet: a spent quota held it while an administrator was asked to allow more
 * ({@link #heldByQuota}); it has no {@code model}, {@code prompt} or {@code response}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
		String model, String prompt, String response, String error, List<ChatTurn> contextMessages, Instant startedAt,
		Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens, int attempt, String worker,
		String traceId, String spanId, String source, String replayOf, String note, List<ToolCallEntry> toolCalls,
		List<GuardrailDecision> guardrails, Boolean liveFrom, QuotaHold quota) {

	/** A model call. */
	public TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
			String model, String prompt, String response, String error, List<ChatTurn> contextMessages,
			Instant startedAt, Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens,
			int attempt, String worker, String traceId, String spanId, String source, String replayOf, String note,
			List<ToolCallEntry> toolCalls, List<GuardrailDecision> guardrails, Boolean liveFrom) {
		this(id, runId, processInstanceId, activityId, agent, model, prompt, response, error, contextMessages,
				startedAt, endedAt, latencyMs, promptTokens, completionTokens, attempt, worker, traceId, spanId, source,
				replayOf, note, toolCalls, guardrails, liveFrom, null);
	}

	/**
	 * An agent's call held by a spent quota from {@code heldFrom} until the decision (or
	 * still held, while the request is pending).
	 */
	public static TranscriptEntry heldByQuota(String id, String runId, String processInstanceId, String activityId,
			String agent, Instant heldFrom, QuotaHold hold) {
		return new TranscriptEntry(id, runId, processInstanceId, activityId, agent, null, null, null, null, null,
				heldFrom, hold.decidedAt(), null, null, null, 0, null, null, null, null, null, null, null, null, null,
				hold);
	}

	/** A call where no replay went live. */
	public TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
			String model, String prompt, String response, String error, List<ChatTurn> contextMessages,
			Instant startedAt, Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens,
			int attempt, String worker, String traceId, String spanId, String source, String replayOf, String note,
			List<ToolCallEntry> toolCalls, List<GuardrailDecision> guardrails) {
		this(id, runId, processInstanceId, activityId, agent, model, prompt, response, error, contextMessages,
				startedAt, endedAt, latencyMs, promptTokens, completionTokens, attempt, worker, traceId, spanId, source,
				replayOf, note, toolCalls, guardrails, null);
	}

	/** A call without guardrails. */
	public TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
			String model, String prompt, String response, String error, List<ChatTurn> contextMessages,
			Instant startedAt, Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens,
			int attempt, String worker, String traceId, String spanId, String source, String replayOf, String note,
			List<ToolCallEntry> toolCalls) {
		this(id, runId, processInstanceId, activityId, agent, model, prompt, response, error, contextMessages,
				startedAt, endedAt, latencyMs, promptTokens, completionTokens, attempt, worker, traceId, spanId, source,
				replayOf, note, toolCalls, null);
	}

	/** Answered by the model. */
	public static final String MODEL = "model";

	/** Answered, in a replay, from the recording of the original run. */
	public static final String REPLAY = "replay";

	/**
	 * Answered by a remote A2A agent, whose calls are recorded with the model
	 * {@code a2a:<card URL>}.
	 */
	public static final String REMOTE = "a2a";

	/** The source of a call not answered from a recording, by its model. */
	static String sourceOf(String model) {
		return (model != null && model.startsWith(REMOTE + ":")) ? REMOTE : MODEL;
	}

	/** This entry with the tool calls its model asked for (none: unchanged). */
	public TranscriptEntry withToolCalls(List<ToolCallEntry> calls) {
		if (calls == null || calls.isEmpty()) {
			return this;
		}
		return new TranscriptEntry(this.id, this.runId, this.processInstanceId, this.activityId, this.agent, this.model,
				this.prompt, this.response, this.error, this.contextMessages, this.startedAt, this.endedAt,
				this.latencyMs, this.promptTokens, this.completionTokens, this.attempt, this.worker, this.traceId,
				this.spanId, this.source, this.replayOf, this.note, List.copyOf(calls), this.guardrails, this.liveFrom,
				this.quota);
	}

	/** The user/assistant pair this call added to the agent's memory. */
	public List<ChatTurn> exchange() {
		return List.of(ChatTurn.user(this.prompt), ChatTurn.assistant(this.response));
	}

}
