package io.bpmnagents.dataset;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may work with datasets and how large one may be, {@code bpmn-agents.datasets.*}.
 *
 * @param groups the Camunda groups whose members may create, read, export and evaluate
 * datasets (administrators always may); a dataset holds runs' inputs, so these are the
 * people who may read runs' history
 * @param maxCases the most cases one dataset may hold
 */
@ConfigurationProperties("bpmn-agents.datasets")
public record DatasetProperties(@DefaultValue("operators") List<String> groups, @DefaultValue("1000") int maxCases) {

	public DatasetProperties {
		groups = List.copyOf(groups);
		if (maxCases < 1) {
			throw new IllegalArgumentException("bpmn-agents.datasets.max-cases must be at least 1");
		}
	}

}
