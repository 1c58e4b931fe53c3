package io.bpmnagents.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxPerUser event streams ({@code GET /api/runs/{id}/events}) one person may hold
 * open at once; more are refused with 429
 * @param heartbeat how often an idle stream sends a comment, so that a client that went
 * away is noticed (the send fails) and its stream closed within this time
 * @param longest how long one stream stays open at most
 * @param threads the threads that look at watched runs for new events (one look per run
 * and change, shared by its streams) and send them, shared by all streams
 * @param poll how often a watched run is also looked at unwoken: for the calls other
 * nodes of a cluster record (this node's wake its streams at once), so at most this late
 * from another node; and how often each stream checks again that its person may see the
 * run, so a withdrawn grant ends it within this time; at most {@code heartbeat}, which
 * the streams send then
 */
@ConfigurationProperties("bpmn-agents.events")
public record EventStreamProperties(@DefaultValue("5") int maxPerUser, @DefaultValue("5s") Duration heartbeat,
		@DefaultValue("1h") Duration longest, @DefaultValue("4") int threads, @DefaultValue("2s") Duration poll) {

	public EventStreamProperties {
		if (threads < 1) {
			throw new IllegalArgumentException("bpmn-agents.events.threads must be at least 1, not " + threads);
		}
		if (poll.isNegative() || poll.isZero() || poll.compareTo(heartbeat) > 0) {
			throw new IllegalArgumentException("bpmn-agents.events.poll must be above zero and at most "
					+ "bpmn-agents.events.heartbeat (" + heartbeat + "), not " + poll);
		}
	}

}
