package io.bpmnagents.worker;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * Runs the external tasks of one topic. The generic agent task is one; a pattern adds its
 * own (for example the manager's plan) by declaring a bean.
 */
public interface TopicHandler {

	String topic();

	/**
	 * Does the work and completes, fails or raises a BPMN error on the task through
	 * {@link TaskOutcomes}; exceptions that escape become a failure with retries.
	 */
	void handle(LockedExternalTask task);

}
