package io.bpmnagents.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the request guards allow: limits that keep one client from exhausting the server.
 *
 * @param maxBody largest request body, deployments excepted
 * @param maxDeploymentBody largest deployment ({@code …/deployment/create})
 */
@ConfigurationProperties("bpmn-agents.security")
public record RequestGuardsProperties(@DefaultValue("1MB") DataSize maxBody,
		@DefaultValue("20MB") DataSize maxDeploymentBody) {

}
