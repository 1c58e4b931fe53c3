package io.bpmnagents.a2aserver;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The A2A agents at {@code /a2a}.
 *
 * @param blockingWait how long a blocking {@code message/send} waits for its run to end
 * (or to wait for a person) before it answers with the task still {@code working}: a
 * waiting request holds a thread
 * @param poll how often a waiting {@code message/send} looks at the run
 */
@ConfigurationProperties("bpmn-agents.a2a-endpoint")
record A2aEndpointProperties(@DefaultValue("10s") Duration blockingWait, @DefaultValue("500ms") Duration poll) {

}
