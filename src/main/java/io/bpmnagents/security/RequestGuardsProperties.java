package io.bpmnagents.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the request guards allow: limits that keep one client from exhausting or locking
 * the server, and the browser origins trusted besides the app's own.
 *
 * @param maxBody largest request body, deployments excepted
 * @param maxDeploymentBody largest deployment ({@code …/deployment/create})
 * @param maxLoginFailures failed logins from one client address within
 * {@code loginFailureWindow} before its logins are refused unchecked
 * @param loginFailureWindow how long a failed login counts against its address
 * @param allowedOrigins other origins (scheme://host:port) whose browser pages may send
 * state-changing requests
 */
@ConfigurationProperties("bpmn-agents.security")
public record RequestGuardsProperties(@DefaultValue("1MB") DataSize maxBody,
		@DefaultValue("20MB") DataSize maxDeploymentBody, @DefaultValue("5") int maxLoginFailures,
		@DefaultValue("15m") Duration loginFailureWindow, @DefaultValue List<String> allowedOrigins) {

}
