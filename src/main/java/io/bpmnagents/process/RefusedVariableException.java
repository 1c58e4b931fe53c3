package io.bpmnagents.process;

import org.camunda.bpm.engine.BadUserRequestException;

/**
 * A variable a request may not set: a {@linkplain ReservedVariables reserved} one, or an
 * object of a class nobody allowed ({@link ObjectTypes}). The caller's to fix: a
 * {@code 400} on {@code /api} and {@code /engine-rest} alike.
 */
public class RefusedVariableException extends BadUserRequestException {

	private final String variable;

	RefusedVariableException(String variable, String message) {
		super(message);
		this.variable = variable;
	}

	/** The refused variable's name. */
	public String variable() {
		return this.variable;
	}

}
