package io.bpmnagents.ask;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code agent_ask} table: who asked which agent directly, and when, under the
 * question's id, which is the run id of its calls in the transcript.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AskStore {

	private final JdbcClient jdbc;

	/** A question, before its first call is recorded. */
	record Ask(String id, String agent, String askedBy, Instant askedAt) {
	}

	void asked(Ask ask) {
		this.jdbc.sql("INSERT INTO agent_ask (run_id, agent, asked_by, asked_at) VALUES (:id, :agent, :by, :at)")
			.param("id", ask.id())
			.param("agent", ask.agent())
			.param("by", ask.askedBy())
			.param("at", Timestamp.from(ask.askedAt()))
			.update();
	}

	/**
	 * The latest {@code limit} questions to an agent, newest first: by {@code askedBy},
	 * or by anybody when it is null.
	 */
	List<Ask> latest(String agent, String askedBy, int limit) {
		// Two statements rather than ":by IS NULL": PostgreSQL cannot type a null
		// parameter compared with nothing.
		JdbcClient.StatementSpec query = (askedBy != null)
				? this.jdbc
					.sql("SELECT * FROM agent_ask WHERE agent = :agent AND asked_by = :by "
							+ "ORDER BY asked_at DESC FETCH FIRST :limit ROWS ONLY")
					.param("by", askedBy)
				: this.jdbc.sql("SELECT * FROM agent_ask WHERE agent = :agent ORDER BY asked_at DESC "
						+ "FETCH FIRST :limit ROWS ONLY");
		return query.param("agent", agent)
			.param("limit", limit)
			.query((rs, n) -> new Ask(rs.getString("run_id"), rs.getString("agent"), rs.getString("asked_by"),
					rs.getTimestamp("asked_at").toInstant()))
			.list();
	}

}
