package io.bpmnagents.evaluation;

import java.util.HashMap;
import java.util.Map;

import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Start the case's run against the target": the new run's id, or why it could not start
 * (the case then fails, the evaluation goes on). The case's row is written with the
 * completion, in its transaction, so that the evaluation's end finds the run and stops it
 * ({@link CaseRunsStop}); a run whose evaluation ended before the completion is stopped
 * here.
 */
@Component
class StartCaseHandler extends CaseStep {

	static final String TOPIC = "evaluation-case-start";

	private final CaseRuns caseRuns;

	private final EvaluationCases cases;

	private final CaseRunsStop stops;

	StartCaseHandler(TaskOutcomes outcomes, CaseRuns caseRuns, EvaluationCases cases, CaseRunsStop stops) {
		super(TOPIC, outcomes);
		this.caseRuns = caseRuns;
		this.cases = cases;
		this.stops = stops;
	}

	@Override
	public void handle(LockedExternalTask task) {
		EvaluationCase item = this.caseRuns.caseOf(this.outcomes, task);
		String target = (String) this.outcomes.variable(task, CaseVariables.TARGET);
		Map<?, ?> overrides = (Map<?, ?>) this.outcomes.variable(task, CaseVariables.AGENTS);
		String evaluation = this.outcomes.runId(task);
		Map<String, Object> variables = new HashMap<>();
		String newRun = null;
		try {
			newRun = this.caseRuns.start(evaluation, item, target, overrides);
			variables.put(CaseVariables.NEW_RUN_ID, newRun);
		}
		catch (CaseRuns.Refused ex) {
			variables.put(CaseVariables.CASE_FAILURE, ex.getMessage());
		}
		String started = newRun;
		try {
			this.outcomes.complete(task, (current) -> {
				if (started != null) {
					this.cases.started(evaluation, item, started);
				}
				return variables;
			});
		}
		catch (NotFoundException ex) {
			// The evaluation ended while the run started: its end did not see this run.
			if (started != null) {
				// The worker's thread runs as the app.
				this.stops.stop(started, "Stopped: evaluation " + evaluation + " ended while this case's run started");
			}
			throw ex;
		}
	}

}
