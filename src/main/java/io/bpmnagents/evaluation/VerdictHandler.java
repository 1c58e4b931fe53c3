package io.bpmnagents.evaluation;

import java.util.Map;

import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Record the verdict": the judge's verdict and reason go to the case's row; a judge that
 * gave no usable answer fails the case with its error.
 */
@Component
class VerdictHandler extends CaseStep {

	static final String TOPIC = "evaluation-case-verdict";

	private final EvaluationCases cases;

	VerdictHandler(TaskOutcomes outcomes, EvaluationCases cases) {
		super(TOPIC, outcomes);
		this.cases = cases;
	}

	@Override
	public void handle(LockedExternalTask task) {
		int number = caseNumber(task);
		Object error = this.outcomes.variable(task, CaseVariables.JUDGE_ERROR);
		Object verdict = this.outcomes.variable(task, CaseVariables.VERDICT);
		Object reason = this.outcomes.variable(task, CaseVariables.REASON);
		this.cases.judged(this.outcomes.runId(task), number,
				(error == null && verdict != null) ? verdict.toString() : null,
				(reason != null) ? reason.toString() : null,
				(error != null) ? "The judge gave no usable verdict: " + error : null);
		this.outcomes.complete(task, (current) -> Map.of());
	}

}
