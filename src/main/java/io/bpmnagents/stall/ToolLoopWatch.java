package io.bpmnagents.stall;

import java.util.HashMap;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * Watches one task's tool loop: how often each tool was asked for with the same
 * arguments, and the tokens its model calls spent. Kept in memory for one delivery of the
 * task; a delivery that replays recorded steps counts their requests again, so a task
 * taken over still stops at the same request.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class ToolLoopWatch {

	private final StallProperties properties;

	private final String agent;

	private final Map<String, Integer> requests = new HashMap<>();

	private long tokens;

	public static ToolLoopWatch of(StallProperties properties, String agent) {
		return new ToolLoopWatch(properties, agent);
	}

	/**
	 * One tool call the model asked for.
	 * @throws AgentStalledException when it is the same call once too often
	 */
	public void requested(String tool, String arguments) {
		int max = this.properties.repeatToolCalls();
		if (max <= 0) {
			return;
		}
		String key = tool + "\u0000" + ((arguments != null) ? arguments.strip() : "");
		int times = this.requests.merge(key, 1, Integer::sum);
		if (times >= max) {
			throw new AgentStalledException("Agent '" + this.agent + "' asked for tool '" + tool
					+ "' with the same arguments " + times + " times in one task (bpmn-agents.stall.repeat-tool-calls="
					+ max + "): " + excerpt(arguments));
		}
	}

	/**
	 * Tokens a model call of the loop spent.
	 * @throws AgentStalledException when the loop has spent more than allowed
	 */
	public void spent(Integer promptTokens, Integer completionTokens) {
		long max = this.properties.toolLoopTokens();
		if (max <= 0) {
			return;
		}
		this.tokens += ((promptTokens != null) ? promptTokens : 0)
				+ ((completionTokens != null) ? completionTokens : 0);
		if (this.tokens > max) {
			throw new AgentStalledException("Agent '" + this.agent + "' spent " + this.tokens
					+ " tokens in one task's tool loop without answering (bpmn-agents.stall.tool-loop-tokens=" + max
					+ ")");
		}
	}

	private static String excerpt(String text) {
		String flat = (text != null) ? text.replaceAll("\\s+", " ").strip() : "";
		return (flat.length() <= 200) ? flat : flat.substring(0, 200) + "…";
	}

}
