package io.bpmnagents.pattern.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * People's messages into a run's conversation (table {@code conversation_message}): where
 * each entered the conversation and which turn first saw it, so that a replay re-delivers
 * it at the same point. Written in the transactions that complete the conversation's
 * tasks, so what is recorded is what the conversation holds.
 */
@Repository
class PersonMessages {

	private final JdbcClient jdbc;

	PersonMessages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A recorded message.
	 *
	 * @param index where it entered the conversation list
	 * @param afterTurn the turns taken then (its entry's {@code turn})
	 * @param seenByTurn the first turn whose chat showed it; null: none did
	 */
	record PersonMessage(String id, int index, int afterTurn, String sender, String content, Integer seenByTurn) {

		/** The message as the conversation lists it. */
		Map<String, Object> entry() {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("turn", this.afterTurn);
			entry.put("speaker", this.sender);
			entry.put("message", this.content);
			entry.put("human", true);
			return entry;
		}

	}

	/**
	 * Records a message as it enters the conversation of {@code runId}.
	 * @param replayOf the original's message it re-delivers; null for a person's own
	 */
	void record(String runId, String id, int index, int afterTurn, String sender, String content, String replayOf) {
		this.jdbc.sql("""
				INSERT INTO conversation_message (id, run_id, list_index, after_turn, sender, content, replay_of,
				  created_at) VALUES (:id, :run, :index, :turn, :sender, :content, :replayOf, :now)
				""")
			.param("id", id)
			.param("run", runId)
			.param("index", index)
			.param("turn", afterTurn)
			.param("sender", sender)
			.param("content", content)
			.param("replayOf", replayOf)
			.param("now", Timestamp.from(Instant.now()))
			.update();
	}

	/**
	 * Records that the messages among the first {@code seen} entries were seen by turn
	 * {@code turn}.
	 */
	void seen(String runId, int seen, int turn) {
		this.jdbc.sql("""
				UPDATE conversation_message SET seen_by_turn = :turn
				WHERE run_id = :run AND list_index < :seen AND seen_by_turn IS NULL
				""").param("turn", turn).param("run", runId).param("seen", seen).update();
	}

	/** The messages of a run, in the order they entered its conversation. */
	List<PersonMessage> of(String runId) {
		return this.jdbc.sql("""
				SELECT id, list_index, after_turn, sender, content, seen_by_turn FROM conversation_message
				WHERE run_id = :run ORDER BY list_index
				""")
			.param("run", runId)
			.query((rs, n) -> new PersonMessage(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
					rs.getString(5), (Integer) rs.getObject(6, Integer.class)))
			.list();
	}

	/** Re-delivers {@code original} into replay {@code runId}'s conversation. */
	void redelivered(String runId, PersonMessage original) {
		record(runId, UUID.randomUUID().toString(), original.index(), original.afterTurn(), original.sender(),
				original.content(), original.id());
	}

}
