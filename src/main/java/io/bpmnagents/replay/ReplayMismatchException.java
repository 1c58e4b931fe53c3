package io.bpmnagents.replay;

import io.bpmnagents.tool.ToolCallAbort;

/**
 * A call of a replay that the recording cannot answer: its prompt differs from the
 * recorded one, or the original run made no such call. Retrying cannot help, so the call
 * becomes an incident at once, naming the call, the expected and the actual prompt.
 */
public class ReplayMismatchException extends RuntimeException implements ToolCallAbort {

	public ReplayMismatchException(String message) {
		super(message);
	}

}
