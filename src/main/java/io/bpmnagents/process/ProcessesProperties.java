package io.bpmnagents.process;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param directory the folder whose BPMN files are deployed at start; when it does not
 * exist, the copy packaged in the application is deployed
 */
@ConfigurationProperties("bpmn-agents.processes")
public record ProcessesProperties(@DefaultValue("processes") String directory) {

}
