package io.bpmnagents.evaluation;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The evaluations API's refusals as {@code application/problem+json}. */
@RestControllerAdvice(assignableTypes = { EvaluationController.class, GatedDeployments.class })
class EvaluationProblems {

	@ExceptionHandler
	ProblemDetail notFound(EvaluationException.NotFound ex) {
		return problem(HttpStatus.NOT_FOUND, "Not found", ex);
	}

	@ExceptionHandler
	ProblemDetail notAllowed(EvaluationException.NotAllowed ex) {
		return problem(HttpStatus.FORBIDDEN, "Not allowed", ex);
	}

	private static ProblemDetail problem(HttpStatus status, String title, Exception ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setTitle(title);
		return problem;
	}

}
