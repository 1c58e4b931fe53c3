package io.bpmnagents.agent;

/**
 * The task's lock passed to another worker while this one's model call ran: the answer is
 * not recorded and the task is left to the worker that holds it, so a task never gets two
 * answers.
 */
public class LockLostException extends RuntimeException {

	public LockLostException(String externalTaskId) {
		super("the lock of external task " + externalTaskId
				+ " passed to another worker during the model call; its answer was discarded");
	}

}
