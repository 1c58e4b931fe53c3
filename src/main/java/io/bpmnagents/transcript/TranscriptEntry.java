package io.bpmnagents.transcript;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model call of a run. A failed attempt carries {@code error} and no
 * {@code response}; a call still in flight has neither. {@code traceId} and
 * {@code spanId} name the call's span in the tracing backend (when traced);
 * {@code source} is {@code model}, or {@code replayed} when a replay answered it from the
 * recorded call {@code replayOf} of the original run, without a model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
		String model, String prompt, String response, String error, List<ChatTurn> contextMessages, Instant startedAt,
		Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens, int attempt, String worker,
		String traceId, String spanId, String source, String replayOf) {

	/** Answered by the model. */
	public static final String MODEL = "model";

	/** Answered, in a replay, from the recording of the original run. */
	public static final String REPLAYED = "replayed";

	/** The user/assistant pair this call added to the agent's memory. */
	public List<ChatTurn> exchange() {
		return List.of(ChatTurn.user(this.prompt), ChatTurn.assistant(this.response));
	}

}
