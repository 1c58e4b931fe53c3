package io.bpmnagents.guardrail;

import java.util.List;

/**
 * One configured guardrail, {@code bpmn-agents.guardrails.<name>}.
 *
 * @param type {@code pii}, {@code deny}, {@code allow}, {@code max-length} or
 * {@code judge}
 * @param patterns regular expressions of {@code deny} (none may match) and {@code allow}
 * (one must match), compiled at start
 * @param max the most characters a {@code max-length} text may have
 * @param agent the agent a {@code judge} asks
 * @param policy the policy a {@code judge} checks an answer against
 * @param on which texts it checks: {@code input}, {@code output} or {@code both}
 * (default: {@code output} for a judge, else {@code both})
 * @param onFail {@code error} (the BPMN error {@code GUARDRAIL}, the default) or
 * {@code reprompt} (an answer that breaks it is sent back with the reason; output only)
 * @param reprompts how often an answer is sent back before the guardrail fails (default
 * 1)
 * @param region for {@code pii}: the country whose national phone formats are also
 * recognised (ISO code such as {@code DE}); international numbers ({@code +…}) always are
 */
record GuardrailDefinition(String type, List<String> patterns, Integer max, String agent, String policy, String on,
		String onFail, Integer reprompts, String region) {

	static final String PII = "pii";

	GuardrailDefinition {
		patterns = (patterns != null) ? List.copyOf(patterns) : List.of();
		type = (type != null) ? type.strip().toLowerCase(java.util.Locale.ROOT) : null;
		on = (on != null && !on.isBlank()) ? on.strip().toLowerCase(java.util.Locale.ROOT)
				: "judge".equals(type) ? "output" : "both";
		onFail = (onFail != null && !onFail.isBlank()) ? onFail.strip().toLowerCase(java.util.Locale.ROOT) : "error";
		reprompts = (reprompts != null) ? reprompts : 1;
	}

	/** The built-in {@code pii} guardrail when nothing configures it. */
	static GuardrailDefinition pii() {
		return new GuardrailDefinition(PII, null, null, null, null, null, null, null, null);
	}

	/** The built-in {@code pii} configured without its type (e.g. only its region). */
	GuardrailDefinition withTypeFor(String name) {
		return (this.type == null && PII.equals(name)) ? new GuardrailDefinition(PII, this.patterns, this.max,
				this.agent, this.policy, this.on, this.onFail, this.reprompts, this.region) : this;
	}

	boolean checksInput() {
		return "input".equals(this.on) || "both".equals(this.on);
	}

	boolean checksOutput() {
		return "output".equals(this.on) || "both".equals(this.on);
	}

	boolean repromptsOnFail() {
		return "reprompt".equals(this.onFail);
	}

}
