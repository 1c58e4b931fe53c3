package io.bpmnagents.security;

import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NotFoundException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.exception.InvalidRequestException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets Camunda's REST API answer a refusal raised by one of our engine listeners (an
 * {@link AuthorizationException} the engine wrapped, such as a person outside the
 * approvers completing an approval) with {@code 403}, and input the engine refused (a
 * run's input against its declared contract, a variable a start expression needs) with
 * {@code 400}, and a task that does not exist (completed, claimed or submitted by id)
 * with {@code 404}, and two changes of one instance that met (Cockpit's cancel while a
 * step finishes) with {@code 409}, instead of {@code 500}. Every other exception is
 * answered as Camunda would.
 */
@Component
public class EngineRestRefusals implements ResourceConfigCustomizer {

	/** Camunda's answers; they keep no state. */
	private static final ProcessEngineExceptionHandler ENGINE = new ProcessEngineExceptionHandler();

	private static final RestExceptionHandler REST = new RestExceptionHandler();

	/** How the engine's commands say that the task they were given is missing. */
	private static final String MISSING_TASK = "Cannot find task with id ";

	/** What Camunda's null checks add to a message (": task is null"). */
	private static final Pattern NULL_SUFFIX = Pattern.compile(": \\w+ is null$");

	@Override
	public void customize(org.glassfish.jersey.server.ResourceConfig config) {
		register(config);
	}

	/**
	 * Registers the mappers once in a Jersey application: {@code /engine-rest} (through
	 * Spring Boot) and, through {@link EngineRestRefusalsDiscovery}, the webapps' own
	 * engine API that Tasklist and Cockpit call ({@code /camunda/api/engine}).
	 */
	static void register(jakarta.ws.rs.core.Configurable<?> application) {
		if (!application.getConfiguration().isRegistered(EngineExceptions.class)) {
			application.register(new EngineExceptions());
			application.register(new RestExceptions());
		}
	}

	/**
	 * Input the engine refused: a run's input against its process's declared contract, or
	 * a variable that an expression of the model needs at start. Both are the caller's to
	 * fix, so they are a 400, not Camunda's 500 for "Cannot instantiate process
	 * definition".
	 */
	static ProcessEngineException badInput(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			// Ours (a run's input against its contract) and the engine's own, which
			// Camunda's resources would otherwise wrap in a 500.
			if (cause instanceof BadUserRequestException invalid) {
				return invalid;
			}
			if (cause.getClass().getName().endsWith(".el.PropertyNotFoundException")) {
				return new BadUserRequestException(exception.getMessage(), exception);
			}
		}
		return null;
	}

	/**
	 * A task the request names that does not exist (never did, or was completed or
	 * deleted meanwhile): the engine says so with a plain "Cannot find task with id …"
	 * ({@code NullValueException}) on complete, claim and form submission, or with its
	 * {@link NotFoundException} elsewhere; Camunda's REST API answers both with
	 * {@code 500}. A 404, with the engine's message and what it means, is the caller's to
	 * act on.
	 */
	static RestException notFound(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProcessEngineException missing
					&& (missing instanceof NotFoundException || (missing instanceof NullValueException
							&& missing.getMessage() != null && missing.getMessage().startsWith(MISSING_TASK)))) {
				String message = NULL_SUFFIX.matcher(exception.getMessage()).replaceFirst("");
				return new InvalidRequestException(Status.NOT_FOUND, missing,
						message + ": it does not exist, or it was completed or deleted meanwhile");
			}
		}
		return null;
	}

	/**
	 * Two changes of one process instance that met in the engine (a person cancelling or
	 * completing while one of its steps finishes): the request's transaction was rolled
	 * back whole, so sending it again is all the caller needs to do; Camunda answers
	 * {@code 500}.
	 */
	static RestException changedMeanwhile(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof OptimisticLockingException conflict) {
				return new InvalidRequestException(Status.CONFLICT, conflict,
						"The process instance changed while this request was handled (another of its steps "
								+ "finished at the same moment), so the request changed nothing. Send it again.");
			}
		}
		return null;
	}

	/** The refusal inside an exception, if there is one. */
	public static AuthorizationException refusal(Throwable exception) {
		for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
			if (cause instanceof AuthorizationException refusal) {
				return refusal;
			}
		}
		return null;
	}

	/**
	 * The answer to a refusal, a missing task, a conflict or bad input inside
	 * {@code exception}, or else Camunda's own.
	 */
	static Response answer(Throwable exception, Supplier<Response> camunda) {
		AuthorizationException refusal = refusal(exception);
		if (refusal != null) {
			return ENGINE.toResponse(refusal);
		}
		RestException missing = notFound(exception);
		if (missing != null) {
			return REST.toResponse(missing);
		}
		RestException conflict = changedMeanwhile(exception);
		if (conflict != null) {
			return REST.toResponse(conflict);
		}
		ProcessEngineException badInput = badInput(exception);
		return (badInput != null) ? ENGINE.toResponse(badInput) : camunda.get();
	}

	@Priority(1)
	static class EngineExceptions implements ExceptionMapper<ProcessEngineException> {

		@Override
		public Response toResponse(ProcessEngineException exception) {
			return answer(exception, () -> ENGINE.toResponse(exception));
		}

	}

	/** Camunda's resources wrap what the engine threw, e.g. "Cannot complete task …". */
	@Priority(1)
	static class RestExceptions implements ExceptionMapper<RestException> {

		@Override
		public Response toResponse(RestException exception) {
			return answer(exception, () -> REST.toResponse(exception));
		}

	}

}
