package io.bpmnagents.pattern.conversation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * People's messages into a run's conversation (table {@code conversation_message}): where
 * each entered the conversation and which turn, or step before a turn (a selector's
 * pick), first saw it, so that a replay re-delivers it at the same point. Written in the
 * transactions that complete the conversation's tasks, so what is recorded is what the
 * conversation holds.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class PersonMessages {

	private final JdbcClient jdbc;

	/**
	 * A recorded message.
	 *
	 * @param index where it entered the conversation list
	 * @param afterTurn the turns taken then (its entry's {@code turn})
	 * @param seenByTurn the first turn whose chat showed it, or before which a step of
	 * the conversation showed it; null: none did
	 * @param seenAfterStalls the stall decisions taken before that turn or step read it
	 * @param seenBeforeTurn whether a step before that turn (a selector's pick) read it,
	 * not the turn itself
	 */
	record PersonMessage(String id, int index, int afterTurn, String sender, String content, Integer seenByTurn,
			Integer seenAfterStalls, boolean seenBeforeTurn) {

		/**
		 * Whether a reader at turn {@code turn}, after {@code stalls} stall decisions,
		 * comes at or after the message's first reading: the step before a turn (when
		 * {@code beforeTurn}) comes after the turn before and before the turn itself, and
		 * a reading after more stall decisions comes later (a stalled turn, and the pick
		 * before it, are taken again).
		 */
		boolean dueBy(int turn, long stalls, boolean beforeTurn) {
			if (this.seenByTurn == null) {
				return false;
			}
			if (this.seenByTurn != turn) {
				return this.seenByTurn < turn;
			}
			if (this.seenAfterStalls != stalls) {
				return this.seenAfterStalls < stalls;
			}
			return this.seenBeforeTurn || !beforeTurn;
		}

		/** Who first read it, for a person: "turn 3" or "the step before turn 3". */
		String reader() {
			return (this.seenBeforeTurn ? "the step before turn " : "turn ") + this.seenByTurn;
		}

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

	/** Records a person's message as it enters the conversation of {@code runId}. */
	void record(String runId, String id, int index, int afterTurn, String sender, String content) {
		record(runId, new PersonMessage(id, index, afterTurn, sender, content, null, null, false), null);
	}

	/**
	 * Re-delivers {@code original} into replay {@code runId}'s conversation, at the point
	 * the original's turns met it: a replay of the replay meets it there too.
	 */
	void redelivered(String runId, PersonMessage original) {
		record(runId,
				new PersonMessage(UUID.randomUUID().toString(), original.index(), original.afterTurn(),
						original.sender(), original.content(), original.seenByTurn(), original.seenAfterStalls(),
						original.seenBeforeTurn()),
				original.id());
	}

	private void record(String runId, PersonMessage message, String replayOf) {
		this.jdbc.sql("""
				INSERT INTO conversation_message (id, run_id, list_index, after_turn, sender, content, seen_by_turn,
				  seen_after_stalls, seen_before_turn, replay_of, created_at)
				VALUES (:id, :run, :index, :turn, :sender, :content, :seenBy, :stalls, :beforeTurn, :replayOf, :now)
				""")
			.param("id", message.id())
			.param("run", runId)
			.param("index", message.index())
			.param("turn", message.afterTurn())
			.param("sender", message.sender())
			.param("content", message.content())
			.param("seenBy", message.seenByTurn())
			.param("stalls", message.seenAfterStalls())
			.param("beforeTurn", message.seenBeforeTurn())
			.param("replayOf", replayOf)
			.param("now", Timestamp.from(Instant.now()))
			.update();
	}

	/**
	 * Records that the messages among the first {@code seen} entries of the conversation
	 * were read by turn {@code turn}, or by a step before it when {@code beforeTurn},
	 * after {@code stalls} stall decisions, unless an earlier reading was recorded.
	 */
	void seen(String runId, int seen, int turn, long stalls, boolean beforeTurn) {
		this.jdbc.sql("""
				UPDATE conversation_message SET seen_by_turn = :turn, seen_after_stalls = :stalls,
				  seen_before_turn = :beforeTurn
				WHERE run_id = :run AND list_index < :seen AND seen_by_turn IS NULL
				""")
			.param("turn", turn)
			.param("stalls", stalls)
			.param("beforeTurn", beforeTurn)
			.param("run", runId)
			.param("seen", seen)
			.update();
	}

	/** The messages of a run, in the order of their places in its conversation. */
	List<PersonMessage> of(String runId) {
		return this.jdbc.sql("""
				SELECT id, list_index, after_turn, sender, content, seen_by_turn, seen_after_stalls, seen_before_turn
				FROM conversation_message WHERE run_id = :run ORDER BY list_index
				""")
			.param("run", runId)
			.query((rs, n) -> new PersonMessage(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getString(4),
					rs.getString(5), rs.getObject(6, Integer.class), rs.getObject(7, Integer.class), rs.getBoolean(8)))
			.list();
	}

	/** The original's messages replay {@code runId} re-delivered so far. */
	Set<String> redeliveredInto(String runId) {
		return Set.copyOf(this.jdbc
			.sql("SELECT replay_of FROM conversation_message WHERE run_id = :run AND " + "replay_of IS NOT NULL")
			.param("run", runId)
			.query(String.class)
			.list());
	}

}
