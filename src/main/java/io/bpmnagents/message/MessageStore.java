package io.bpmnagents.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The messages agents of a run send each other (table {@code agent_message}): the run's
 * message history, and the mailbox each agent's next model call empties.
 * <p>
 * Sending is keyed by the tool call that sends ({@code sendKey}), so a tool call that
 * runs again after a crash sends nothing twice. Delivery is keyed by the model call that
 * carries the messages: a task delivered again, or retried, asks with the same call key
 * and gets the messages that call took, with any that came since, never another call's.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class MessageStore {

	private final JdbcClient jdbc;

	/**
	 * Sends a message to each recipient, to be read in its next model call; a message
	 * this tool call already sent is not sent again.
	 */
	public void send(String runId, MessageType type, String from, List<String> to, String content, String sendKey) {
		for (String recipient : to) {
			insert(runId, type, from, recipient, content, sendKey, null);
		}
	}

	/**
	 * Records a message that reached its recipient at once, as a request's question (the
	 * asked agent's prompt) and its reply (the asking agent's tool result) do.
	 * @param callKey the model call, or tool call, that carried it
	 */
	public void delivered(String runId, MessageType type, String from, String to, String content, String callKey) {
		insert(runId, type, from, to, content, callKey, callKey);
	}

	/**
	 * The messages the model call {@code callKey} of {@code recipient} carries: those it
	 * took on an earlier delivery of the same call, then every one waiting for the
	 * recipient, which it takes now; in the order they were sent.
	 */
	public List<AgentMessage> deliver(String runId, String recipient, String callKey) {
		// Most calls have no message waiting: one read tells, and the claim (an update,
		// then the read again) is made only when one waits.
		List<AgentMessage> carried = carriedOrWaiting(runId, recipient, callKey);
		if (carried.stream().anyMatch((message) -> message.deliveredCall() == null)) {
			this.jdbc.sql("""
					UPDATE agent_message SET delivered_call = :call, delivered_at = :now
					WHERE run_id = :run AND recipient = :recipient AND delivered_call IS NULL
					""")
				.param("call", callKey)
				.param("now", Timestamp.from(Instant.now()))
				.param("run", runId)
				.param("recipient", recipient)
				.update();
			carried = carriedOrWaiting(runId, recipient, callKey);
		}
		// A message sent after the claim waits for the next call.
		return carried.stream()
			.filter((message) -> callKey.equals(message.deliveredCall()) && readByTheModel(message))
			.toList();
	}

	/** The recipient's messages this call took, and those waiting, in the order sent. */
	private List<AgentMessage> carriedOrWaiting(String runId, String recipient, String callKey) {
		return this.jdbc.sql("""
				SELECT * FROM agent_message WHERE run_id = :run AND recipient = :recipient
				  AND (delivered_call = :call OR delivered_call IS NULL)
				ORDER BY seq
				""")
			.param("run", runId)
			.param("recipient", recipient)
			.param("call", callKey)
			.query(this::message)
			.list();
	}

	/** A message the model reads in its call: not a request's question or reply. */
	private static boolean readByTheModel(AgentMessage message) {
		return message.type() == MessageType.DIRECT || message.type() == MessageType.BROADCAST;
	}

	/**
	 * Sends again, from run {@code runId}'s call {@code sendKey}, the messages that call
	 * {@code fromKey} of run {@code fromRun} sent: a replay re-delivers the messages of a
	 * tool call it answered from the recording, to be read at the same point.
	 */
	public void resend(String fromRun, String fromKey, String runId, String sendKey) {
		this.jdbc.sql("""
				SELECT * FROM agent_message WHERE run_id = :run AND send_key = :key
				  AND message_type IN ('DIRECT', 'BROADCAST')
				ORDER BY seq
				""")
			.param("run", fromRun)
			.param("key", fromKey)
			.query(this::message)
			.list()
			.forEach((sent) -> insert(runId, sent.type(), sent.from(), sent.to(), sent.content(), sendKey, null));
	}

	/** The run's message history, in the order the messages were sent. */
	public List<AgentMessage> forRun(String runId) {
		return this.jdbc.sql("SELECT * FROM agent_message WHERE run_id = :run ORDER BY seq")
			.param("run", runId)
			.query(this::message)
			.list();
	}

	private void insert(String runId, MessageType type, String from, String to, String content, String sendKey,
			String deliveredCall) {
		Timestamp now = Timestamp.from(Instant.now());
		try {
			this.jdbc
				.sql("""
						INSERT INTO agent_message (id, run_id, message_type, sender, recipient, content, send_key, created_at,
						  delivered_at, delivered_call)
						VALUES (:id, :run, :type, :from, :to, :content, :key, :now, :delivered, :call)
						""")
				.param("id", UUID.randomUUID().toString())
				.param("run", runId)
				.param("type", type.name())
				.param("from", from)
				.param("to", to)
				.param("content", content)
				.param("key", sendKey)
				.param("now", now)
				.param("delivered", (deliveredCall != null) ? now : null)
				.param("call", deliveredCall)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Sent by an earlier run of the same tool call: once is enough.
		}
	}

	private AgentMessage message(ResultSet rs, int row) throws SQLException {
		Timestamp delivered = rs.getTimestamp("delivered_at");
		return new AgentMessage(rs.getString("id"), rs.getString("run_id"), rs.getLong("seq"),
				MessageType.valueOf(rs.getString("message_type")), rs.getString("sender"), rs.getString("recipient"),
				rs.getString("content"), rs.getTimestamp("created_at").toInstant(),
				(delivered != null) ? delivered.toInstant() : null, rs.getString("delivered_call"));
	}

}
