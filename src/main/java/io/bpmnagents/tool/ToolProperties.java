package io.bpmnagents.tool;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents use tools.
 *
 * @param maxCalls tool calls one agent task may make; further requests get an error
 * result and the model is asked once more, without tools, to answer with what it has
 * @param maxConcurrent tool calls of one reply that run at the same time; 1 runs them one
 * after another
 * @param approveTools which calls of a tool wait for a person's approval whoever makes
 * them, in every task ({@code approve-tools}: the rules of an agent task's
 * {@code approveTools}, e.g. {@code issue_refund when amount > 100}); read by the agent
 * service, which refuses to start on a rule it does not understand
 */
@ConfigurationProperties("bpmn-agents.tools")
public record ToolProperties(@DefaultValue("10") int maxCalls, @DefaultValue("4") int maxConcurrent,
		List<String> approveTools) {

	public ToolProperties {
		approveTools = (approveTools != null) ? List.copyOf(approveTools) : List.of();
		if (maxCalls < 0) {
			throw new IllegalArgumentException("bpmn-agents.tools.max-calls must not be negative");
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("bpmn-agents.tools.max-concurrent must be at least 1");
		}
	}

}
