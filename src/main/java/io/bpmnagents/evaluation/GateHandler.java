package io.bpmnagents.evaluation;

import java.util.Map;

import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * "Activate the target if it passed its gate": for an evaluation that gates a deployment
 * ({@value CaseVariables#GATE_THRESHOLD} set), the held-back version is activated when
 * every case was judged, none failed and at most the threshold came out worse; otherwise
 * it stays suspended. The decision is kept in {@value CaseVariables#GATE}.
 */
@Component
class GateHandler extends CaseStep {

	static final String TOPIC = "evaluation-gate";

	private final EvaluationCases cases;

	private final GatedVersions versions;

	private final HistoryService history;

	GateHandler(TaskOutcomes outcomes, EvaluationCases cases, GatedVersions versions, HistoryService history) {
		super(TOPIC, outcomes);
		this.cases = cases;
		this.versions = versions;
		this.history = history;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Object threshold = this.outcomes.variable(task, CaseVariables.GATE_THRESHOLD);
		if (!(threshold instanceof Number most)) {
			this.outcomes.complete(task, (current) -> Map.of());
			return;
		}
		String evaluation = this.outcomes.runId(task);
		String target = (String) this.outcomes.variable(task, CaseVariables.TARGET);
		int caseCount = ((Number) this.outcomes.variable(task, CaseVariables.CASE_COUNT)).intValue();
		var results = this.cases.of(evaluation);
		EvaluationView.Summary summary = Evaluations.summary(results);
		boolean passed = results.size() == caseCount && summary.failed() == 0
				&& summary.better() + summary.same() + summary.worse() == caseCount
				&& summary.worse() <= most.intValue();
		String decision;
		if (!passed) {
			decision = "failed: " + summary + ", threshold " + most + "; " + target + " stays suspended";
		}
		else if (this.versions.release(target, starter(evaluation))) {
			decision = "passed: " + target + " activated";
		}
		else {
			decision = "passed, but " + target + " was not deployed through a gate by the person who started the "
					+ "evaluation; it was left as it is";
		}
		this.outcomes.complete(task, (current) -> Map.of(CaseVariables.GATE, decision));
	}

	private String starter(String evaluation) {
		return this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(evaluation)
			.singleResult()
			.getStartUserId();
	}

}
