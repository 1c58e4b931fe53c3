package io.bpmnagents.llm;

import java.util.List;

import io.bpmnagents.transcript.ChatTurn;

/**
 * What the model answered, with the token counts it reported (null when it reported none)
 * and why it stopped ({@code stop}, {@code length}, … as OpenAI names it; null when not
 * reported). When it asks for tools, {@code toolRequests} lists them and {@code text} is
 * what it said along with them, if anything.
 */
public record ModelReply(String text, String model, Integer promptTokens, Integer completionTokens,
		List<ChatTurn.ToolRequest> toolRequests, String finishReason) {

	public ModelReply {
		toolRequests = (toolRequests != null) ? List.copyOf(toolRequests) : List.of();
	}

	public ModelReply(String text, String model, Integer promptTokens, Integer completionTokens) {
		this(text, model, promptTokens, completionTokens, List.of(), null);
	}

	/** Whether the model asks for tools instead of answering. */
	public boolean wantsTools() {
		return !this.toolRequests.isEmpty();
	}

}
