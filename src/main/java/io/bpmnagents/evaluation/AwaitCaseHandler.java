package io.bpmnagents.evaluation;

import java.time.Instant;
import java.util.Map;

import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * "Wait for the case's run to end": completes once the run has left RUNNING or stopped at
 * an incident (which a person may retry, but the evaluation does not wait for); until
 * then the task is handed back to the engine until the next look, so no thread waits and
 * the wait survives a restart.
 */
@Component
class AwaitCaseHandler extends CaseStep {

	static final String TOPIC = "evaluation-case-await";

	/** Lazily: the runs service needs the worker, which needs this handler. */
	private final ObjectProvider<RunService> runs;

	private final EvaluationProperties properties;

	AwaitCaseHandler(TaskOutcomes outcomes, ObjectProvider<RunService> runs, EvaluationProperties properties) {
		super(TOPIC, outcomes);
		this.runs = runs;
		this.properties = properties;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Object newRun = this.outcomes.variable(task, CaseVariables.NEW_RUN_ID);
		if (newRun != null) {
			RunView run = this.runs.getObject().view(newRun.toString());
			if (run.status() == RunView.Status.RUNNING && run.incidents().isEmpty()) {
				this.outcomes.retryAt(task, "Waiting for run " + newRun + " to end",
						Instant.now().plus(this.properties.poll()));
				return;
			}
		}
		this.outcomes.complete(task, (current) -> Map.of());
	}

}
