package io.bpmnagents.guardrail;

/**
 * A built-in guardrail's rule on one text, whichever way it goes: LangChain4j's input and
 * output guardrail interfaces are made from it ({@link TextGuardrails}).
 */
@FunctionalInterface
interface TextRule {

	/**
	 * @return the text itself when it passes, or the rewritten text
	 * @throws Violation when the text breaks the rule
	 */
	String apply(String text, GuardrailContext call) throws Violation;

	/** A text that breaks a rule; the message says how, to a person and to the model. */
	class Violation extends Exception {

		Violation(String message) {
			super(message, null, false, false);
		}

	}

}
