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
 * @param maxLoginFailures failed logins per {@code loginFailureWindow} from one client
 * address to accounts it has not logged in to, and from one address to an account it has
 * logged in to, before such logins are refused unchecked ({@link LoginThrottle})
 * @param maxAccountLoginFailures failed logins per {@code loginFailureWindow} to one
 * account from all addresses that have not logged in to it, before logins to it from such
 * addresses are refused unchecked
 * @param loginFailureWindow the time in which a client's allowance of failed logins comes
 * back in full
 * @param knownLoginAddressFor how long an address counts as known to an account after a
 * successful login from it
 * @param loginCacheFor how long an HTTP Basic login, once verified, is taken without
 * checking its password and reading its groups again; a change to users, groups or
 * memberships on this node ends it at once, on other nodes within this time; 0: never
 * ({@link VerifiedLogins})
 * @param allowedOrigins other origins (scheme://host:port) whose browser pages may send
 * state-changing requests
 */
@ConfigurationProperties("bpmn-agents.security")
public record RequestGuardsProperties(@DefaultValue("1MB") DataSize maxBody,
		@DefaultValue("20MB") DataSize maxDeploymentBody, @DefaultValue("5") int maxLoginFailures,
		@DefaultValue("20") int maxAccountLoginFailures, @DefaultValue("15m") Duration loginFailureWindow,
		@DefaultValue("30d") Duration knownLoginAddressFor, @DefaultValue("10s") Duration loginCacheFor,
		@DefaultValue List<String> allowedOrigins) {

}
