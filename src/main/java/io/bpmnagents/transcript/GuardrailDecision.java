package io.bpmnagents.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one guardrail decided about a call's input or output, as the transcript shows it
 * under the call ({@code guardrails}). A rewrite keeps only the text after it: the text
 * before may hold what was redacted.
 *
 * @param guardrail the guardrail's name
 * @param direction {@code input} (the prompt) or {@code output} (the answer)
 * @param outcome {@code pass}, {@code rewrite}, {@code reprompt} or {@code fail}
 * @param message why, in the guardrail's words (e.g. what it redacted), or {@code null}
 * @param after the text after a rewrite, else {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardrailDecision(String guardrail, String direction, String outcome, String message, String after) {

	public static final String PASS = "pass";

	public static final String REWRITE = "rewrite";

	public static final String REPROMPT = "reprompt";

	public static final String FAIL = "fail";

}
