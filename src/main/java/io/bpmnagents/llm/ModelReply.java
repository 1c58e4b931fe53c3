package io.bpmnagents.llm;

/**
 * What the model answered, with the token counts it reported (null when it reported none)
 * and why it stopped ({@code stop}, {@code length}, … as OpenAI names it; null when not
 * reported).
 */
public record ModelReply(String text, String model, Integer promptTokens, Integer completionTokens,
		String finishReason) {

	public ModelReply(String text, String model, Integer promptTokens, Integer completionTokens) {
		this(text, model, promptTokens, completionTokens, null);
	}

}
