package io.bpmnagents.guardrail;

/**
 * Asks an agent whether a text breaks a stated policy. The agents capability answers it
 * (the judge's call is an agent call like any other, in the transcript); this package
 * only states the question, so it needs no agents of its own.
 */
public interface Judge {

	/** The JSON Schema of the verdict the judge answers with. */
	String VERDICT_SCHEMA = """
			{"type": "object", "properties": {
			  "breaksPolicy": {"type": "boolean"},
			  "reason": {"type": "string"}},
			 "required": ["breaksPolicy", "reason"], "additionalProperties": false}""";

	/**
	 * @param call the call whose text is judged
	 * @param agent the judging agent's name
	 * @param prompt the question, with the policy and the text
	 * @return the agent's answer, a JSON object following {@link #VERDICT_SCHEMA}
	 */
	String ask(GuardrailContext call, String agent, String prompt);

}
