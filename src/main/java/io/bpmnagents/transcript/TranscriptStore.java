package io.bpmnagents.transcript;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transcript table: one row per model call, written when the call starts and updated
 * when it ends, each in its own short statement so no connection is held while the model
 * thinks. An answer is recorded only while the worker still holds the task's lock, so a
 * task whose lock passed to another node never gets two answers.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class TranscriptStore {

	private static final TypeReference<List<ChatTurn>> TURNS = new TypeReference<>() {
	};

	private static final TypeReference<List<GuardrailDecision>> DECISIONS = new TypeReference<>() {
	};

	private static final String ANSWER = """
			UPDATE agent_call SET model = :model, response = :response, ended_at = :ended, latency_ms = :latency,
			  prompt_tokens = :pt, completion_tokens = :ct WHERE id = :id
			""";

	/**
	 * The engine's lock row of the task, locked until the answer's statement commits: a
	 * takeover's update of that row waits for it.
	 */
	private static final String WHILE_LOCKED = """
			  AND EXISTS (SELECT ID_ FROM ACT_RU_EXT_TASK WHERE ID_ = :task AND WORKER_ID_ = :worker FOR UPDATE)
			""";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final TranscriptWatchers watchers;

	/** Records a call that is about to be sent and returns its id. */
	public String started(CallStart call) {
		String id = UUID.randomUUID().toString();
		this.jdbc
			.sql("""
					INSERT INTO agent_call (id, run_id, process_instance_id, activity_id, external_task_id, agent, model,
					  prompt, context_messages, started_at, attempt, worker, trace_id, span_id)
					VALUES (:id, :run, :pi, :activity, :task, :agent, :model, :prompt, :context, :started, :attempt, :worker,
					  :trace, :span)
					""")
			.param("id", id)
			.param("run", call.runId())
			.param("pi", call.processInstanceId())
			.param("activity", call.activityId())
			.param("task", call.externalTaskId())
			.param("agent", call.agent())
			.param("model", call.model())
			.param("prompt", call.prompt())
			.param("context", write(call.contextMessages()))
			.param("started", Timestamp.from(call.startedAt()))
			.param("attempt", call.attempt())
			.param("worker", call.worker())
			.param("trace", call.traceId())
			.param("span", call.spanId())
			.update();
		this.watchers.callStarted(id, call.runId());
		return id;
	}

	/**
	 * Records the answer of a call, if {@code worker} still holds the lock of the call's
	 * external task (none: always). One statement, so one round trip: it locks the
	 * engine's lock row while the answer is written, so another node cannot take the task
	 * over in between; a node that takes it over afterwards finds the answer and reuses
	 * it. A takeover committed first changes the row's worker, which the locking read
	 * sees (it reads the latest version of a row it locks), so the answer is not written.
	 * @return whether the answer was recorded; if not, the call is recorded as discarded
	 */
	public boolean succeeded(String id, String externalTaskId, String worker, String model, String response,
			Instant endedAt, long latencyMs, Integer promptTokens, Integer completionTokens) {
		JdbcClient.StatementSpec answer = this.jdbc.sql((externalTaskId != null) ? ANSWER + WHILE_LOCKED : ANSWER)
			.param("model", model)
			.param("response", response)
			.param("ended", Timestamp.from(endedAt))
			.param("latency", latencyMs)
			.param("pt", promptTokens)
			.param("ct", completionTokens)
			.param("id", id);
		if (externalTaskId != null) {
			answer = answer.param("task", taskOf(externalTaskId)).param("worker", worker);
		}
		boolean recorded = answer.update() > 0;
		if (!recorded && externalTaskId != null) {
			failed(id, taskExists(taskOf(externalTaskId))
					? "Answer discarded: the task's lock passed to another worker during the call"
					: "Answer discarded: the task was gone when the answer came (its run was stopped, timed out or "
							+ "ended early)",
					endedAt, latencyMs);
		}
		// Committed: a watcher's look finds the answer (or the discarded call).
		this.watchers.callEnded(id);
		return recorded;
	}

	/**
	 * The external task a call was made for. A task that asks more than once (asked again
	 * after an unusable answer, or after a retry) keys its calls {@code <task id>/…}, so
	 * that each is made once; the lock is the task's.
	 */
	static String taskOf(String callKey) {
		int slash = callKey.indexOf('/');
		return (slash < 0) ? callKey : callKey.substring(0, slash);
	}

	private boolean taskExists(String externalTaskId) {
		return !this.jdbc.sql("SELECT ID_ FROM ACT_RU_EXT_TASK WHERE ID_ = :task")
			.param("task", externalTaskId)
			.query(String.class)
			.list()
			.isEmpty();
	}

	/**
	 * Marks a call of a replay as answered from the recording, by the recorded call
	 * {@code original} (null when no recorded call could answer it).
	 * @throws org.springframework.dao.DuplicateKeyException when another call of the same
	 * run already took that recorded answer
	 */
	public void replayed(String id, String original) {
		this.jdbc.sql("UPDATE agent_call SET source = :source, replay_of = :original WHERE id = :id")
			.param("source", TranscriptEntry.REPLAY)
			.param("original", original)
			.param("id", id)
			.update();
	}

	/**
	 * Marks the call where a replay went live: the model answers it, and the note says
	 * how it differed from the recording.
	 */
	public void wentLive(String id, String note) {
		this.jdbc.sql("UPDATE agent_call SET live_from = TRUE, note = :note WHERE id = :id")
			.param("note", (note.length() > 4000) ? note.substring(0, 3999) + "…" : note)
			.param("id", id)
			.update();
	}

	/**
	 * The recorded calls of a run already used to answer calls of the replay
	 * {@code runId}.
	 */
	public java.util.Set<String> replayedOriginals(String runId) {
		return new java.util.HashSet<>(
				this.jdbc.sql("SELECT replay_of FROM agent_call WHERE run_id = :run AND replay_of IS NOT NULL")
					.param("run", runId)
					.query(String.class)
					.list());
	}

	/**
	 * Notes on the latest answer given to a run's question what became of it, such as the
	 * fallback an answer rule took instead. With tools, the question's answer is the one
	 * of its last step ({@code <key>/step-n}); the calls of agents asked through a tool
	 * ({@code …/tool-n}) are not it. Keys are matched by their first characters, not with
	 * {@code LIKE}, as {@link #retire} does.
	 */
	public void noted(String runId, String callKey, String note) {
		String steps = callKey + "/step-";
		this.jdbc.sql("""
				UPDATE agent_call SET note = :note WHERE id = (SELECT id FROM agent_call
				  WHERE run_id = :run AND (external_task_id = :key OR (SUBSTRING(external_task_id, 1, :length) = :steps
				    AND POSITION('/tool-' IN SUBSTRING(external_task_id, :after)) = 0)) AND response IS NOT NULL
				  ORDER BY started_at DESC, seq DESC LIMIT 1)
				""")
			.param("note", (note.length() > 4000) ? note.substring(0, 3999) + "…" : note)
			.param("run", runId)
			.param("key", callKey)
			.param("length", steps.length())
			.param("steps", steps)
			.param("after", steps.length() + 1)
			.update();
	}

	/** How the note of a retired answer begins. */
	static final String RETIRED = "Not reused on a retry";

	/**
	 * Retires the answers recorded for a question (its call key and the keys under it)
	 * that led to an incident, so that a person's retry asks afresh; they stay in the
	 * transcript, noted. The keys under it are matched by their first characters, not
	 * with {@code LIKE}: H2 plans a statement with a {@code LIKE} again at every
	 * execution, and a {@code _} in a key would be a wildcard there.
	 */
	public void retire(String runId, String callKey) {
		String under = callKey + "/";
		this.jdbc.sql("""
				UPDATE agent_call SET note = :note
				WHERE run_id = :run AND (external_task_id = :key OR SUBSTRING(external_task_id, 1, :length) = :under)
				  AND response IS NOT NULL
				""")
			.param("note", RETIRED + ": this answer led to an incident, so a retry asks afresh.")
			.param("run", runId)
			.param("key", callKey)
			.param("length", under.length())
			.param("under", under)
			.update();
	}

	public void failed(String id, String error, Instant endedAt, long latencyMs) {
		this.jdbc.sql("UPDATE agent_call SET error = :error, ended_at = :ended, latency_ms = :latency WHERE id = :id")
			.param("error", Secrets.redact(error))
			.param("ended", Timestamp.from(endedAt))
			.param("latency", latencyMs)
			.param("id", id)
			.update();
		this.watchers.callEnded(id);
	}

	/** Every call of a run, in the order the calls started. */
	public List<TranscriptEntry> forRun(String runId) {
		return this.jdbc.sql("SELECT * FROM agent_call WHERE run_id = :run ORDER BY started_at, seq")
			.param("run", runId)
			.query(this::entry)
			.list();
	}

	/** The agents that made a model call in the run, in the order of their first call. */
	public List<String> agentsOf(String runId) {
		return this.jdbc.sql("SELECT agent FROM agent_call WHERE run_id = :run GROUP BY agent ORDER BY MIN(seq)")
			.param("run", runId)
			.query(String.class)
			.list();
	}

	/**
	 * When each run's transcript last changed: its latest call started or ended. Runs
	 * without a call are left out. One query for all the runs, for checks of running
	 * runs, not for a step.
	 */
	public Map<String, Instant> lastActivity(Collection<String> runIds) {
		Map<String, Instant> last = new LinkedHashMap<>();
		if (runIds.isEmpty()) {
			return last;
		}
		this.jdbc.sql("""
				SELECT run_id, MAX(started_at) AS started, MAX(ended_at) AS ended FROM agent_call
				WHERE run_id IN (:runs) GROUP BY run_id
				""").param("runs", runIds).query((rs) -> {
			Timestamp started = rs.getTimestamp("started");
			Timestamp ended = rs.getTimestamp("ended");
			Instant latest = (ended != null && ended.after(started)) ? ended.toInstant() : started.toInstant();
			last.put(rs.getString("run_id"), latest);
		});
		return last;
	}

	/**
	 * Each call of a run by id, in the order the calls started, and whether it has ended:
	 * what a follower of the run needs to tell what is new, without the calls' texts.
	 */
	public Map<String, Boolean> callStates(String runId) {
		Map<String, Boolean> states = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT id, CASE WHEN ended_at IS NULL THEN 0 ELSE 1 END AS ended FROM agent_call
				WHERE run_id = :run ORDER BY started_at, seq
				""").param("run", runId).query((rs) -> {
			states.put(rs.getString("id"), rs.getInt("ended") == 1);
		});
		return states;
	}

	/** These calls of a run (at most a few hundred ids), in the order they started. */
	public List<TranscriptEntry> calls(String runId, Collection<String> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT * FROM agent_call WHERE run_id = :run AND id IN (:ids) ORDER BY started_at, seq")
			.param("run", runId)
			.param("ids", ids)
			.query(this::entry)
			.list();
	}

	/** The agent's last {@code limit} answered calls in the run, oldest first. */
	public List<TranscriptEntry> recentAnswered(String runId, String agent, int limit) {
		List<TranscriptEntry> newestFirst = new ArrayList<>(this.jdbc.sql("""
				SELECT * FROM agent_call WHERE run_id = :run AND agent = :agent AND response IS NOT NULL
				ORDER BY started_at DESC, seq DESC FETCH FIRST :limit ROWS ONLY
				""").param("run", runId).param("agent", agent).param("limit", limit).query(this::entry).list());
		Collections.reverse(newestFirst);
		return newestFirst;
	}

	/**
	 * What earlier deliveries of an external task of the run did, in one query: how many
	 * calls they made, and the answer one of them recorded, so a repeated delivery does
	 * not call the model twice. Only the run's own calls count, whatever key it is asked
	 * for.
	 */
	public EarlierCalls earlierCalls(String runId, String externalTaskId) {
		List<String> responses = this.jdbc.sql("""
				SELECT response, note FROM agent_call WHERE run_id = :run AND external_task_id = :task
				ORDER BY started_at DESC, seq DESC""")
			.param("run", runId)
			.param("task", externalTaskId)
			// A retired answer led to an incident: a retry asks afresh instead of reusing
			// it.
			.query((rs, n) -> (rs.getString("note") != null && rs.getString("note").startsWith(RETIRED)) ? null
					: rs.getString("response"))
			.list();
		return new EarlierCalls(responses.size(), responses.stream().filter(java.util.Objects::nonNull).findFirst());
	}

	/**
	 * Whether the process instance made a call under {@code callKey}: a key a task takes
	 * up again (a tool loop resuming) must be one of its own process instance's.
	 */
	public boolean madeIn(String processInstanceId, String callKey) {
		return !this.jdbc
			.sql("SELECT id FROM agent_call WHERE process_instance_id = :pi AND external_task_id = :key "
					+ "FETCH FIRST 1 ROWS ONLY")
			.param("pi", processInstanceId)
			.param("key", callKey)
			.query(String.class)
			.list()
			.isEmpty();
	}

	/** Calls already made for one external task, and the answer recorded, if any. */
	public record EarlierCalls(int attempts, Optional<String> answer) {
	}

	public List<TokenCount> tokenCounts(String runId) {
		return this.jdbc.sql("""
				SELECT model, COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS pt,
				  COALESCE(SUM(completion_tokens), 0) AS ct
				FROM agent_call WHERE run_id = :run AND source IS NULL GROUP BY model
				""")
			.param("run", runId)
			.query((rs, n) -> new TokenCount(rs.getString("model"), rs.getLong("calls"), rs.getLong("pt"),
					rs.getLong("ct")))
			.list();
	}

	/**
	 * {@link #tokenCounts(String)} of several runs in one statement, by run; a run with
	 * no calls is left out.
	 */
	public Map<String, List<TokenCount>> tokenCounts(Collection<String> runIds) {
		Map<String, List<TokenCount>> byRun = new LinkedHashMap<>();
		if (runIds.isEmpty()) {
			return byRun;
		}
		this.jdbc.sql("""
				SELECT run_id, model, COUNT(*) AS calls, COALESCE(SUM(prompt_tokens), 0) AS pt,
				  COALESCE(SUM(completion_tokens), 0) AS ct
				FROM agent_call WHERE run_id IN (:runs) AND source IS NULL GROUP BY run_id, model
				""").param("runs", runIds).query((rs) -> {
			byRun.computeIfAbsent(rs.getString("run_id"), (run) -> new ArrayList<>())
				.add(new TokenCount(rs.getString("model"), rs.getLong("calls"), rs.getLong("pt"), rs.getLong("ct")));
		});
		return byRun;
	}

	/** Calls, prompt and completion tokens of one model within a run. */
	public record TokenCount(String model, long calls, long promptTokens, long completionTokens) {
	}

	/** What is known of a call when it is sent. */
	public record CallStart(String runId, String processInstanceId, String activityId, String externalTaskId,
			String agent, String model, String prompt, List<ChatTurn> contextMessages, Instant startedAt, int attempt,
			String worker, String traceId, String spanId) {

		/**
		 * A call without a span of its own (a replay's, or made while nothing traces).
		 */
		public CallStart(String runId, String processInstanceId, String activityId, String externalTaskId, String agent,
				String model, String prompt, List<ChatTurn> contextMessages, Instant startedAt, int attempt,
				String worker) {
			this(runId, processInstanceId, activityId, externalTaskId, agent, model, prompt, contextMessages, startedAt,
					attempt, worker, null, null);
		}

		/** The same call, with the ids of the span that traces it. */
		public CallStart withSpan(String traceId, String spanId) {
			return new CallStart(this.runId, this.processInstanceId, this.activityId, this.externalTaskId, this.agent,
					this.model, this.prompt, this.contextMessages, this.startedAt, this.attempt, this.worker, traceId,
					spanId);
		}

	}

	TranscriptEntry entry(ResultSet rs, int row) throws SQLException {
		return new TranscriptEntry(rs.getString("id"), rs.getString("run_id"), rs.getString("process_instance_id"),
				rs.getString("activity_id"), rs.getString("agent"), rs.getString("model"), rs.getString("prompt"),
				rs.getString("response"), rs.getString("error"), read(rs.getString("context_messages")),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at")),
				(Long) rs.getObject("latency_ms", Long.class), (Integer) rs.getObject("prompt_tokens", Integer.class),
				(Integer) rs.getObject("completion_tokens", Integer.class), rs.getInt("attempt"),
				rs.getString("worker"), rs.getString("trace_id"), rs.getString("span_id"),
				(rs.getString("source") != null) ? rs.getString("source")
						: TranscriptEntry.sourceOf(rs.getString("model")),
				rs.getString("replay_of"), rs.getString("note"), null, decisions(rs.getString("guardrails")),
				rs.getBoolean("live_from") ? Boolean.TRUE : null);
	}

	/**
	 * Records what the guardrails decided about a call's prompt and answer, once they
	 * have decided (none: nothing is written).
	 */
	public void guarded(String id, List<GuardrailDecision> decisions) {
		if (decisions.isEmpty()) {
			return;
		}
		try {
			this.jdbc.sql("UPDATE agent_call SET guardrails = :decisions WHERE id = :id")
				.param("decisions", this.json.writeValueAsString(decisions))
				.param("id", id)
				.update();
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Guardrail decisions could not be written as JSON", ex);
		}
	}

	private List<GuardrailDecision> decisions(String stored) {
		if (stored == null) {
			return List.of();
		}
		try {
			return this.json.readValue(stored, DECISIONS);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored guardrail decisions are not JSON", ex);
		}
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	private String write(List<ChatTurn> turns) {
		try {
			return this.json.writeValueAsString(turns);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Chat messages could not be written as JSON", ex);
		}
	}

	private List<ChatTurn> read(String turns) {
		try {
			return this.json.readValue(turns, TURNS);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored chat messages are not JSON", ex);
		}
	}

}
