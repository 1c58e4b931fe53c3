package io.bpmnagents.guardrail;

/** A call or agent names a guardrail that does not exist: a modelling error. */
public class UnknownGuardrailException extends IllegalArgumentException {

	UnknownGuardrailException(String message) {
		super(message);
	}

}
