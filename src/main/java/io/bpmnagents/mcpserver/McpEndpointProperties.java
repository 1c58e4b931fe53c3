package io.bpmnagents.mcpserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The MCP server at {@code /mcp}.
 *
 * @param defaultWait how long a process tool waits for its run to end when the call does
 * not say ({@code _waitSeconds})
 * @param maxWait the longest wait a call may ask for: a waiting call holds a thread
 * @param poll how often a waiting call looks at the run, and reports progress
 * @param sessionIdle how long an MCP session's owner is remembered after its last request
 * (the SDK's sessions have no lifetime of their own); after that its id is answered 404
 * and the client opens a new session
 * @param sessionsRemembered the most session owners remembered: past that the least
 * recently used sessions are forgotten, as after {@code sessionIdle}
 */
@ConfigurationProperties("bpmn-agents.mcp-endpoint")
record McpEndpointProperties(@DefaultValue("10s") Duration defaultWait, @DefaultValue("120s") Duration maxWait,
		@DefaultValue("500ms") Duration poll, @DefaultValue("24h") Duration sessionIdle,
		@DefaultValue("10000") long sessionsRemembered) {

}
