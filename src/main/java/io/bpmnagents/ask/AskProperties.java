package io.bpmnagents.ask;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may ask agents directly, {@code bpmn-agents.ask.*}.
 *
 * @param groups the Camunda groups whose members may ask an agent directly
 * (administrators always may): each question is a model call, and spends money
 */
@ConfigurationProperties("bpmn-agents.ask")
public record AskProperties(@DefaultValue("operators") List<String> groups) {

	public AskProperties {
		groups = List.copyOf(groups);
	}

}
