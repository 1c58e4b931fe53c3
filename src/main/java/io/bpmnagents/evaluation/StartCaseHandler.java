package io.bpmnagents.evaluation;

import java.util.HashMap;
import java.util.Map;

import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Start the case's run against the target": the new run's id, or why it could not start
 * (the case then fails, the evaluation goes on).
 */
@Component
class StartCaseHandler extends CaseStep {

	static final String TOPIC = "evaluation-case-start";

	private final CaseRuns caseRuns;

	StartCaseHandler(TaskOutcomes outcomes, CaseRuns caseRuns) {
		super(TOPIC, outcomes);
		this.caseRuns = caseRuns;
	}

	@Override
	public void handle(LockedExternalTask task) {
		EvaluationCase item = this.caseRuns.caseOf(this.outcomes, task);
		String target = (String) this.outcomes.variable(task, CaseVariables.TARGET);
		Map<?, ?> overrides = (Map<?, ?>) this.outcomes.variable(task, CaseVariables.AGENTS);
		Map<String, Object> variables = new HashMap<>();
		try {
			variables.put(CaseVariables.NEW_RUN_ID,
					this.caseRuns.start(this.outcomes.runId(task), item, target, overrides));
		}
		catch (CaseRuns.Refused ex) {
			variables.put(CaseVariables.CASE_FAILURE, ex.getMessage());
		}
		this.outcomes.complete(task, (current) -> variables);
	}

}
