package io.bpmnagents.evaluation;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;

import org.springframework.stereotype.Component;

/**
 * Whether an evaluation lets a change through: it has completed, no case failed, and at
 * most {@code threshold} cases came out worse.
 */
@Component
class EvaluationGate {

	/** The gate's answer, with the reason in words. */
	record Decision(boolean passed, String evaluation, RunView.Status status, EvaluationView.Summary summary,
			int threshold, String reason) {
	}

	Decision decide(EvaluationView evaluation, int threshold) {
		if (threshold < 0) {
			throw new InvalidInputException("threshold",
					"Parameter 'threshold' (the most cases that may come out worse) must be 0 or more, was " + threshold
							+ ".");
		}
		EvaluationView.Summary summary = evaluation.summary();
		String reason;
		if (evaluation.status() == RunView.Status.RUNNING) {
			reason = "The evaluation is still running: ask again once it has ended.";
		}
		else if (evaluation.status() != RunView.Status.COMPLETED) {
			reason = "The evaluation did not complete (status " + evaluation.status() + ").";
		}
		else if (summary.failed() > 0) {
			reason = summary.failed() + " case(s) failed: their new runs did not complete or were not judged.";
		}
		else if (summary.worse() > threshold) {
			reason = summary.worse() + " case(s) came out worse, more than the threshold " + threshold + ".";
		}
		else {
			return new Decision(true, evaluation.id(), evaluation.status(), summary, threshold,
					"Passed: " + summary.worse() + " worse case(s), at most " + threshold + " allowed, none failed.");
		}
		return new Decision(false, evaluation.id(), evaluation.status(), summary, threshold, reason);
	}

}
