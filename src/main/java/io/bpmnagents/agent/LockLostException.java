package io.bpmnagents.agent;

import io.bpmnagents.tool.ToolCallAbort;

/**
 * The task's lock was lost while this one's model call ran (another worker took the task,
 * or its run was stopped or ended): the answer is not recorded and the task is left to
 * the worker that holds it, if any, so a task never gets two answers.
 */
public class LockLostException extends RuntimeException implements ToolCallAbort {

	public LockLostException(String externalTaskId) {
		super("the lock of external task " + externalTaskId
				+ " was lost during the model call (another worker took the task, or its run was stopped or ended); "
				+ "its answer was discarded");
	}

}
