package io.bpmnagents.process;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param directory the folder whose BPMN files are deployed at start; when it does not
 * exist, the copy packaged in the application is deployed
 * @param extraDirectories more folders deployed at start the same way, each on its own
 * (e.g. {@code processes/examples/mcp}, which the {@code mcp-example} profile adds: its
 * process names an MCP server that only that profile declares)
 */
@ConfigurationProperties("bpmn-agents.processes")
public record ProcessesProperties(@DefaultValue("processes") String directory, List<String> extraDirectories) {

	public ProcessesProperties {
		extraDirectories = (extraDirectories != null) ? List.copyOf(extraDirectories) : List.of();
	}

}
