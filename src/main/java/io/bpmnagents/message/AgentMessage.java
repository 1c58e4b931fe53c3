package io.bpmnagents.message;

import java.time.Instant;

/**
 * One message of a run's message history, to one recipient (a broadcast is one per
 * recipient).
 *
 * @param id the message's id
 * @param runId the run
 * @param seq its place in the run's history
 * @param type how it travels
 * @param from the sending agent
 * @param to the receiving agent
 * @param content the text, whole, as the sender wrote it
 * @param createdAt when it was sent
 * @param deliveredAt when a model call of the recipient carried it; {@code null} while it
 * waits for the recipient's next call
 * @param deliveredCall the call key of that model call
 */
public record AgentMessage(String id, String runId, long seq, MessageType type, String from, String to, String content,
		Instant createdAt, Instant deliveredAt, String deliveredCall) {

	/** How the recipient reads it, as the reference's orchestrator prefixes it. */
	public String prefixed() {
		return prefixed(this.from, this.content);
	}

	/** {@code [From <sender>]: <text>}. */
	public static String prefixed(String from, String content) {
		return "[From " + from + "]: " + content;
	}

}
