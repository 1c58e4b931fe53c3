package io.bpmnagents.guardrail;

/**
 * A guardrail sent an answer back: the question is to be asked again with the feedback
 * ({@link #followUp(String)}), at most as often as the guardrail allows
 * ({@link #reprompts()}); then it fails as {@link GuardrailException}.
 */
public class GuardrailRepromptException extends RuntimeException {

	private final String guardrail;

	private final String feedback;

	private final int reprompts;

	public GuardrailRepromptException(String guardrail, String feedback, int reprompts) {
		super("Guardrail '" + guardrail + "' asked for another answer: " + feedback);
		this.guardrail = guardrail;
		this.feedback = feedback;
		this.reprompts = reprompts;
	}

	/** What was wrong with the answer, as the model reads it. */
	public String feedback() {
		return this.feedback;
	}

	public String guardrail() {
		return this.guardrail;
	}

	/** How often the guardrail lets the question be asked again. */
	public int reprompts() {
		return this.reprompts;
	}

	/** The question again, after what was wrong with the answer. */
	public String followUp(String prompt) {
		return "Your previous answer could not be used: " + this.feedback + "\n\nThe question again:\n\n" + prompt;
	}

	/** This reprompt's way out once the question was asked again often enough. */
	public GuardrailException exhausted() {
		return new GuardrailException(this.guardrail,
				"Guardrail '" + this.guardrail + "' still refused the answer after " + this.reprompts
						+ " request(s) to answer again: " + this.feedback);
	}

}
