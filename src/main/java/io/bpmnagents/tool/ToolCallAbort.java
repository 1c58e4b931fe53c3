package io.bpmnagents.tool;

/**
 * Marks an exception that a tool call lets through instead of handing it to the model as
 * the tool's error: not the tool failed, but the agent's call itself cannot go on (its
 * task's lock passed to another node, its run's budget is spent, a replay does not match
 * its recording). A tool that asks another agent ({@code ask_agent}) meets these in the
 * nested call; the model must not be told and asked to carry on.
 */
public interface ToolCallAbort {

	/** The abort in {@code error} or among its causes, or {@code null}. */
	static RuntimeException in(Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ToolCallAbort && cause instanceof RuntimeException abort) {
				return abort;
			}
		}
		return null;
	}

}
