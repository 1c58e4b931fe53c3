package io.bpmnagents.transcript;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One tool call a model asked for, as the transcript shows it under the model call that
 * asked ({@code toolCalls}). One that has not run yet has neither {@code result} nor
 * {@code error}.
 *
 * @param requestId the model's id of the call
 * @param step which model call of the task asked for it (0 for the first)
 * @param position its place among that call's requests
 * @param server the MCP server whose tool it is; {@code null} for a Java tool
 * @param approval a person's decision on the call, when it needs one; otherwise null
 * @param replayOf in a replay, the recorded call of the original run whose outcome (and
 * decision, re-delivered) answered this one: the tool was not called again; otherwise
 * null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolCallEntry(String id, @JsonIgnore String modelCallId, int step, int position, String requestId,
		String tool, String arguments, String result, String error, Instant startedAt, Instant endedAt, Long latencyMs,
		ToolCallApproval approval, String server, String replayOf) {

	public ToolCallEntry(String id, String modelCallId, int step, int position, String requestId, String tool,
			String arguments, String result, String error, Instant startedAt, Instant endedAt, Long latencyMs,
			ToolCallApproval approval) {
		this(id, modelCallId, step, position, requestId, tool, arguments, result, error, startedAt, endedAt, latencyMs,
				approval, null, null);
	}

	/** This call, named as a call of the MCP server's tool. */
	public ToolCallEntry withServer(String server) {
		return new ToolCallEntry(this.id, this.modelCallId, this.step, this.position, this.requestId, this.tool,
				this.arguments, this.result, this.error, this.startedAt, this.endedAt, this.latencyMs, this.approval,
				server, this.replayOf);
	}

	/** Whether the call has run and its outcome is recorded. */
	@JsonIgnore
	public boolean done() {
		return this.result != null || this.error != null;
	}

	/** What goes back to the model: the result, or the error. */
	@JsonIgnore
	public String outcome() {
		return (this.result != null) ? this.result : "Error: " + this.error;
	}

}
