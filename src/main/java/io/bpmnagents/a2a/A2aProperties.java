package io.bpmnagents.a2a;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the app talks to remote A2A agents.
 *
 * @param timeout the longest one remote agent's turn may take, from the first request to
 * its answer (reading its card, sending the message, following its task): a slower agent
 * is a failed attempt, as a model's timeout is, never a hung worker
 * @param connectTimeout the longest connecting to a remote agent may take
 * @param poll how often a remote task that is still working is looked at again
 * ({@code tasks/get})
 */
@ConfigurationProperties("bpmn-agents.a2a")
public record A2aProperties(@DefaultValue("60s") Duration timeout, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("1s") Duration poll) {

}
