package io.bpmnagents.evaluation;

import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * A step of the {@value Evaluations#PROCESS} process that code does: an external task of
 * its own topic, which the worker hands to it.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
abstract class CaseStep implements TopicHandler {

	private final String topic;

	final TaskOutcomes outcomes;

	@Override
	public final String topic() {
		return this.topic;
	}

	/** The number of the case the task belongs to (the multi-instance element). */
	int caseNumber(LockedExternalTask task) {
		return ((Number) this.outcomes.variable(task, CaseVariables.CASE_NUMBER)).intValue();
	}

}
