package io.bpmnagents.run;

import java.net.URI;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.process.RefusedVariableException;
import io.bpmnagents.security.ProblemResponse;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.OptimisticLockingException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MultipartException;
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
		return invalidInput(ex.field(), ex);
	}

	@ExceptionHandler
	ProblemDetail startRefused(StartRefusedException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "The process refused this input", ex);
		problem.setType(URI.create("urn:bpmn-agents:start-refused"));
		if (ex.variable() != null) {
			problem.setProperty("field", ex.variable());
		}
		if (ex.element() != null) {
			problem.setProperty("element", ex.element());
		}
		return problem;
	}

	/**
	 * A variable the app keeps for itself, refused by the engine whatever the route
	 * ({@code ReservedVariablesPlugin}).
	 */
	@ExceptionHandler
	ProblemDetail reserved(RefusedVariableException ex) {
		return invalidInput(ex.variable(), ex);
	}

	/** The run layer's refusal, or the engine's (Camunda's authorization checks). */
	@ExceptionHandler({ RunAccess.NotAllowed.class, AuthorizationException.class })
	ProblemDetail notAllowed(RuntimeException ex) {
		return problem(HttpStatus.FORBIDDEN, "Not allowed", ex);
	}

	@ExceptionHandler
	ProblemDetail tooManyStreams(EventStreamLimits.TooManyStreams ex) {
		return problem(HttpStatus.TOO_MANY_REQUESTS, "Too many event streams", ex);
	}

	@ExceptionHandler
	ProblemDetail conflict(RunConflictException ex) {
		return problem(HttpStatus.CONFLICT, ex.title(), ex);
	}

	@ExceptionHandler
	ProblemDetail notFound(RunNotFoundException ex) {
		return problem(HttpStatus.NOT_FOUND, "Run not found", ex);
	}

	@ExceptionHandler
	ProblemDetail unknownProcess(AgentFigures.UnknownProcessException ex) {
		return problem(HttpStatus.NOT_FOUND, "Process not found", ex);
	}

	/**
	 * Two changes of one run met in the engine (a person's request and a step finishing
	 * at the same moment): the request's change was rolled back, and sending it again
	 * will do.
	 */
	@ExceptionHandler
	ProblemDetail changedMeanwhile(OptimisticLockingException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"The run changed while this request was handled (another of its steps finished at the same moment), "
						+ "so the request changed nothing. Send it again.");
		problem.setTitle("Run changed meanwhile");
		return problem;
	}

	/**
	 * A body sent as a form upload ({@code multipart/form-data}) that is none: no
	 * boundary, or parts that break off. A body over the limit stays Spring's 413.
	 */
	@ExceptionHandler
	ProblemDetail unreadableUpload(MultipartException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is not a readable multipart/form-data upload (" + ex.getMostSpecificCause().getMessage()
						+ "): send each file as a part, as the Modeler and curl -F do.");
		problem.setTitle("Unreadable upload");
		return problem;
	}

	/**
	 * The same problem for a contract's refusal and the engine's: the field to correct.
	 */
	private static ProblemDetail invalidInput(String field, Exception ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid run input", ex);
		problem.setType(URI.create("urn:bpmn-agents:invalid-input"));
		problem.setProperty("field", field);
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, Exception ex) {
		return ProblemResponse.of(status, title, ex);
	}

}
