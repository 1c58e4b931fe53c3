package io.bpmnagents.tool;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents use tools.
 *
 * @param maxCalls tool calls one agent task may make; further requests get an error
 * result and the model is asked once more, without tools, to answer with what it has
 * @param maxConcurrent tool calls of one reply that run at the same time; 1 runs them one
 * after another
 */
@ConfigurationProperties("bpmn-agents.tools")
public record ToolProperties(@DefaultValue("10") int maxCalls, @DefaultValue("4") int maxConcurrent) {

	public ToolProperties {
		if (maxCalls < 0) {
			throw new IllegalArgumentException("bpmn-agents.tools.max-calls must not be negative");
		}
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("bpmn-agents.tools.max-concurrent must be at least 1");
		}
	}

}
