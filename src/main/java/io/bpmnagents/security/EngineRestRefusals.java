package io.bpmnagents.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets Camunda's REST API answer a refusal raised by one of our engine listeners (an
 * {@link AuthorizationException} the engine wrapped, such as a person outside the
 * approvers completing an approval) with {@code 403} instead of {@code 500}. Every other
 * exception is answered as Camunda would.
 */
@Component
public class EngineRestRefusals implements ResourceConfigCustomizer {

	@Override
	public void customize(org.glassfish.jersey.server.ResourceConfig config) {
		config.register(new EngineExceptions());
		config.register(new RestExceptions());
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

	@Priority(1)
	static class EngineExceptions implements ExceptionMapper<ProcessEngineException> {

		private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

		@Override
		public Response toResponse(ProcessEngineException exception) {
			AuthorizationException refusal = refusal(exception);
			return this.camunda.toResponse((refusal != null) ? refusal : exception);
		}

	}

	/** Camunda's resources wrap what the engine threw, e.g. "Cannot complete task …". */
	@Priority(1)
	static class RestExceptions implements ExceptionMapper<RestException> {

		private final RestExceptionHandler camunda = new RestExceptionHandler();

		private final ProcessEngineExceptionHandler engine = new ProcessEngineExceptionHandler();

		@Override
		public Response toResponse(RestException exception) {
			AuthorizationException refusal = refusal(exception);
			return (refusal != null) ? this.engine.toResponse(refusal) : this.camunda.toResponse(exception);
		}

	}

}
