package io.bpmnagents.contract;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A run's input that cannot be accepted, naming the field. It is a
 * {@link BadUserRequestException}, so the engine's own REST API answers it with 400 too
 * when a run is started through {@code /engine-rest} or Tasklist.
 */
public class InvalidInputException extends BadUserRequestException {

	private final String field;

	public InvalidInputException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
