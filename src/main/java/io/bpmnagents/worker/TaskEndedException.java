package io.bpmnagents.worker;

import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * An answer came after its task had ended (the run was stopped, or ended the task early
 * because it had the answers it needed): it stays in the transcript but is not the run's.
 */
final class TaskEndedException extends NotFoundException {

	TaskEndedException(LockedExternalTask task) {
		super("Agent task " + task.getActivityId() + " (external task " + task.getId() + ") of process "
				+ task.getProcessInstanceId()
				+ " had ended before its answer was committed; the answer is not the run's");
	}

}
