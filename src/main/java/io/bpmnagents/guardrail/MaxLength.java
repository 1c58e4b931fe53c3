package io.bpmnagents.guardrail;

/** The built-in {@code max-length} guardrail: at most so many characters. */
final class MaxLength implements TextRule {

	private final String name;

	private final int max;

	MaxLength(String name, Integer max) {
		if (max == null || max < 1) {
			throw new IllegalArgumentException(
					"Guardrail '" + name + "' needs a positive maximum: set bpmn-agents.guardrails." + name + ".max");
		}
		this.name = name;
		this.max = max;
	}

	@Override
	public String apply(String text, GuardrailContext call) throws Violation {
		int length = (text != null) ? text.length() : 0;
		if (length > this.max) {
			throw new Violation("The text has " + length + " characters; guardrail '" + this.name + "' allows at most "
					+ this.max + ". Say it in fewer words.");
		}
		return text;
	}

}
