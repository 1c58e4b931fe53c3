package io.bpmnagents.transcript;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One model call of a run. A failed attempt carries {@code error} and no
 * {@code response}; a call still in flight has neither.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TranscriptEntry(String id, String runId, String processInstanceId, String activityId, String agent,
		String model, String prompt, String response, String error, List<ChatTurn> contextMessages, Instant startedAt,
		Instant endedAt, Long latencyMs, Integer promptTokens, Integer completionTokens, int attempt, String worker) {

	/** The user/assistant pair this call added to the agent's memory. */
	public List<ChatTurn> exchange() {
		return List.of(ChatTurn.user(this.prompt), ChatTurn.assistant(this.response));
	}

}
