package io.bpmnagents.replay;

import io.bpmnagents.tool.ToolCallAbort;

/**
 * A call of a replay that the recording cannot answer: its prompt differs from the
 * recorded one, or the original run made no such call. Retrying cannot help, so the call
 * becomes an incident at once, naming the call, the expected and the actual prompt.
 */
public class ReplayMismatchException extends RuntimeException implements ToolCallAbort {

	private final String expectedPrompt;

	public ReplayMismatchException(String message) {
		this(message, null);
	}

	/**
	 * @param expectedPrompt the prompt the recording has at this step (null: none)
	 */
	public ReplayMismatchException(String message, String expectedPrompt) {
		super(message);
		this.expectedPrompt = expectedPrompt;
	}

	/** The prompt the recording has at this step; null when it made no such call. */
	public String expectedPrompt() {
		return this.expectedPrompt;
	}

}
