package io.bpmnagents.agent;

/**
 * The model would not stop asking for tools: a task retrying cannot fix, so it becomes an
 * incident at once.
 */
public class ToolLoopException extends RuntimeException {

	public ToolLoopException(String message) {
		super(message);
	}

}
