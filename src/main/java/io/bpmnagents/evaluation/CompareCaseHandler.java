package io.bpmnagents.evaluation;

import java.util.HashMap;
import java.util.Map;

import io.bpmnagents.process.Variable;
import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Compare the outcomes": records the case ({@link Comparisons}) and hands the judge the
 * input and both outcomes; the case goes to the judge only when its new run completed.
 */
@Component
class CompareCaseHandler extends CaseStep {

	static final String TOPIC = "evaluation-case-compare";

	private final CaseRuns caseRuns;

	private final Comparisons comparisons;

	private final EvaluationCases cases;

	CompareCaseHandler(TaskOutcomes outcomes, CaseRuns caseRuns, Comparisons comparisons, EvaluationCases cases) {
		super(TOPIC, outcomes);
		this.caseRuns = caseRuns;
		this.comparisons = comparisons;
		this.cases = cases;
	}

	@Override
	public void handle(LockedExternalTask task) {
		EvaluationCase item = this.caseRuns.caseOf(this.outcomes, task);
		Object newRun = this.outcomes.variable(task, CaseVariables.NEW_RUN_ID);
		Object failure = this.outcomes.variable(task, CaseVariables.CASE_FAILURE);
		Comparisons.Comparison comparison = this.comparisons.compare(item, (newRun != null) ? newRun.toString() : null,
				(failure != null) ? failure.toString() : null);
		this.cases.compared(this.outcomes.runId(task), comparison.result());
		EvaluationCases.CaseResult result = comparison.result();
		boolean judgeable = EvaluationCases.CaseResult.COMPARED.equals(result.status());
		Map<String, Object> variables = new HashMap<>();
		variables.put(CaseVariables.JUDGEABLE, judgeable);
		if (judgeable) {
			variables.put(CaseVariables.CASE_INPUT, Variable.text(CaseVariables.CASE_INPUT).typed(comparison.input()));
			variables.put(CaseVariables.ORIGINAL_OUTCOME,
					Variable.text(CaseVariables.ORIGINAL_OUTCOME).typed(result.originalOutcome()));
			variables.put(CaseVariables.NEW_OUTCOME,
					Variable.text(CaseVariables.NEW_OUTCOME).typed(result.newOutcome()));
		}
		this.outcomes.complete(task, (current) -> variables);
	}

}
