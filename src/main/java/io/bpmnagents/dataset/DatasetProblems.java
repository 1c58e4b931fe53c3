package io.bpmnagents.dataset;

import io.bpmnagents.security.ProblemResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The datasets' refusals as {@code application/problem+json}, wherever a dataset is used
 * (the datasets API, an agent's answer saved as a case).
 */
@RestControllerAdvice
class DatasetProblems {

	@ExceptionHandler
	ProblemDetail invalid(InvalidDatasetException ex) {
		ProblemDetail problem = ProblemResponse.of(HttpStatus.BAD_REQUEST, "Invalid dataset", ex);
		if (ex.line() != null) {
			problem.setProperty("line", ex.line());
		}
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(DatasetNotFoundException ex) {
		return ProblemResponse.of(HttpStatus.NOT_FOUND, "Dataset not found", ex);
	}

	@ExceptionHandler
	ProblemDetail exists(DatasetExistsException ex) {
		return ProblemResponse.of(HttpStatus.CONFLICT, "Dataset exists", ex);
	}

	@ExceptionHandler
	ProblemDetail notAllowed(DatasetAccess.NotAllowed ex) {
		return ProblemResponse.of(HttpStatus.FORBIDDEN, "Not allowed", ex);
	}

}
