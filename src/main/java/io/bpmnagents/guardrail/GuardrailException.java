package io.bpmnagents.guardrail;

/**
 * A guardrail stopped an agent's call: the task ends on the BPMN error
 * {@value Guardrails#ERROR_CODE}, which a modeller catches (e.g. to ask a person).
 */
public class GuardrailException extends RuntimeException {

	private final String guardrail;

	public GuardrailException(String guardrail, String message) {
		super(message);
		this.guardrail = guardrail;
	}

	/** The guardrail that stopped the call. */
	public String guardrail() {
		return this.guardrail;
	}

}
