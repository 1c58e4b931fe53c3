package io.bpmnagents.tool;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How agents use tools.
 *
 * @param maxCalls tool calls one agent task may make; further requests get an error
 * result and the model is asked once more, without tools, to answer with what it has
 */
@ConfigurationProperties("bpmn-agents.tools")
public record ToolProperties(@DefaultValue("10") int maxCalls) {

	public ToolProperties {
		if (maxCalls < 0) {
			throw new IllegalArgumentException("bpmn-agents.tools.max-calls must not be negative");
		}
	}

}
