package io.bpmnagents.evaluation;

/**
 * Refusals of the evaluations API beyond a bad field (400, see {@code ProblemHandler}).
 */
abstract class EvaluationException extends RuntimeException {

	EvaluationException(String message) {
		super(message);
	}

	/** No such evaluation, run, process, version or dataset (for this person): 404. */
	static class NotFound extends EvaluationException {

		NotFound(String message) {
			super(message);
		}

	}

	/** The person lacks the grants: 403. */
	static class NotAllowed extends EvaluationException {

		NotAllowed(String message) {
			super(message);
		}

	}

}
