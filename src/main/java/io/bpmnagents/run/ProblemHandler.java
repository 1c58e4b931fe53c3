package io.bpmnagents.run;

import java.net.URI;

import io.bpmnagents.contract.InvalidInputException;
import org.camunda.bpm.engine.AuthorizationException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns refusals into {@code application/problem+json} with a message a person can act
 * on. Spring's base class covers malformed JSON, wrong methods and media types the same
 * way.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail invalidInput(InvalidInputException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid run input");
		problem.setType(URI.create("urn:bpmn-agents:invalid-input"));
		problem.setProperty("field", ex.field());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail startRefused(StartRefusedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("The process refused this input");
		problem.setType(URI.create("urn:bpmn-agents:start-refused"));
		if (ex.variable() != null) {
			problem.setProperty("field", ex.variable());
		}
		if (ex.element() != null) {
			problem.setProperty("element", ex.element());
		}
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notAllowed(RunAccess.NotAllowed ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Not allowed");
		return problem;
	}

	/** The engine refused the person (Camunda's authorization checks). */
	@ExceptionHandler
	ProblemDetail refused(AuthorizationException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, ex.getMessage());
		problem.setTitle("Not allowed");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail tooManyStreams(EventStreamLimits.TooManyStreams ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage());
		problem.setTitle("Too many event streams");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail notFound(RunNotFoundException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Run not found");
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unknownProcess(AgentFigures.UnknownProcessException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, ex.getMessage());
		problem.setTitle("Process not found");
		return problem;
	}

}
