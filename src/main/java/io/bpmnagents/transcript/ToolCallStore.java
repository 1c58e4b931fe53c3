package io.bpmnagents.transcript;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tool calls of the transcript (table {@code tool_call}). The calls a model asked for
 * are stored with the answer that asked for them; each gets its outcome once. A task
 * delivered again finds the model's answer and the outcomes already recorded, and runs
 * only the calls that have none.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ToolCallStore {

	private final JdbcClient jdbc;

	/**
	 * Records the tool calls one model call asked for.
	 * @param callKey the task's key of the model calls (see {@code AgentRequest})
	 * @param step which model call of the task asked
	 * @param serverOf the MCP server of a tool, by the name the model used
	 */
	public List<ToolCallEntry> requested(String runId, String modelCallId, String callKey, int step,
			List<ChatTurn.ToolRequest> requests, Function<String, Optional<String>> serverOf) {
		for (int position = 0; position < requests.size(); position++) {
			ChatTurn.ToolRequest request = requests.get(position);
			this.jdbc
				.sql("""
						INSERT INTO tool_call (id, run_id, model_call_id, call_key, step, position, request_id, tool, arguments,
						    server)
						VALUES (:id, :run, :modelCall, :key, :step, :position, :requestId, :tool, :arguments, :server)
						""")
				.param("id", UUID.randomUUID().toString())
				.param("run", runId)
				.param("modelCall", modelCallId)
				.param("key", callKey)
				.param("step", step)
				.param("position", position)
				.param("requestId", request.id())
				.param("tool", request.name())
				.param("arguments", (request.arguments() != null) ? request.arguments() : "{}")
				.param("server", serverOf.apply(request.name()).orElse(null))
				.update();
		}
		return forStep(runId, callKey, step).orElseThrow();
	}

	/**
	 * The tool calls that the model call {@code step} of a task of the run asked for, in
	 * order, with their outcomes so far; empty when no answer asking for tools is
	 * recorded. Only the run's own calls are found, whatever key it is asked for.
	 */
	public Optional<List<ToolCallEntry>> forStep(String runId, String callKey, int step) {
		List<ToolCallEntry> calls = this.jdbc
			.sql("SELECT * FROM tool_call WHERE run_id = :run AND call_key = :key AND step = :step ORDER BY position")
			.param("run", runId)
			.param("key", callKey)
			.param("step", step)
			.query(ToolCallStore::entry)
			.list();
		return calls.isEmpty() ? Optional.empty() : Optional.of(calls);
	}

	/**
	 * Records a tool call's outcome unless one is recorded already (a second delivery of
	 * the task that ran it at the same time): the first outcome stays.
	 * @return whether this outcome was recorded
	 */
	public boolean finished(String id, String result, String error, Instant startedAt, Instant endedAt, long latencyMs,
			String worker) {
		return this.jdbc.sql("""
				UPDATE tool_call SET result = :result, error = :error, started_at = :started, ended_at = :ended,
				  latency_ms = :latency, worker = :worker
				WHERE id = :id AND result IS NULL AND error IS NULL
				""")
			.param("result", result)
			.param("error", (error != null) ? Secrets.redact(error) : null)
			.param("started", Timestamp.from(startedAt))
			.param("ended", Timestamp.from(endedAt))
			.param("latency", latencyMs)
			.param("worker", worker)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * Marks a call handed to the caller to run (a process the engine runs) as started
	 * now, unless it was already.
	 */
	public void handedOut(String id, Instant at) {
		this.jdbc.sql("UPDATE tool_call SET started_at = :at WHERE id = :id AND started_at IS NULL")
			.param("at", Timestamp.from(at))
			.param("id", id)
			.update();
	}

	/**
	 * Records the result the caller brought for a call it ran, its latency counted from
	 * when it was handed out; the first outcome recorded stays.
	 */
	public void finishedElsewhere(String id, String result, Instant endedAt, String worker) {
		Instant started = this.jdbc.sql("SELECT started_at FROM tool_call WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> instant(rs.getTimestamp("started_at")))
			.optional()
			.orElse(null);
		// Whole milliseconds, as stored, so that latency is exactly end minus start.
		Instant ended = endedAt.truncatedTo(ChronoUnit.MILLIS);
		Instant from = (started != null) ? started : ended;
		finished(id, result, null, from, ended, Math.max(0, Duration.between(from, ended).toMillis()), worker);
	}

	/**
	 * Marks a call as waiting for a person's approval of the arguments of this hash
	 * (handed out as well), unless it was already.
	 */
	public void awaitsApproval(String id, String argumentsHash, Instant at) {
		this.jdbc.sql("""
				UPDATE tool_call SET approval_hash = :hash, started_at = COALESCE(started_at, :at)
				WHERE id = :id AND approval_hash IS NULL
				""").param("hash", argumentsHash).param("at", Timestamp.from(at)).param("id", id).update();
	}

	/** The call of this id, if it belongs to the run. */
	public Optional<ToolCallEntry> find(String runId, String id) {
		return this.jdbc.sql("SELECT * FROM tool_call WHERE id = :id AND run_id = :run")
			.param("id", id)
			.param("run", runId)
			.query(ToolCallStore::entry)
			.optional();
	}

	/**
	 * Records a person's decision on a call that waits for one, once: the first decision
	 * stays.
	 * @param approvedArguments the arguments approved (null for a rejection)
	 * @return whether this decision was recorded
	 */
	public boolean decided(String id, String decision, String reason, String approvedArguments, String decidedBy,
			Instant at) {
		return this.jdbc.sql("""
				UPDATE tool_call SET decision = :decision, decision_reason = :reason, approved_arguments = :arguments,
				  approved_hash = :hash, decided_by = :by, decided_at = :at
				WHERE id = :id AND approval_hash IS NOT NULL AND decision IS NULL
				""")
			.param("decision", decision)
			.param("reason", reason)
			.param("arguments", approvedArguments)
			.param("hash", (approvedArguments != null) ? ArgumentsHash.of(approvedArguments) : null)
			.param("by", decidedBy)
			.param("at", Timestamp.from(at))
			.param("id", id)
			.update() == 1;
	}

	/** The tool calls one model call asked for, in order. */
	public List<ToolCallEntry> askedBy(String modelCallId) {
		return this.jdbc.sql("SELECT * FROM tool_call WHERE model_call_id = :call ORDER BY position")
			.param("call", modelCallId)
			.query(ToolCallStore::entry)
			.list();
	}

	/**
	 * The recorded call that answers tool call {@code position} of a replay's model call
	 * {@code modelCallId}: the one at the same place under the recorded model call that
	 * answered it; empty when a live model asked for it.
	 */
	public Optional<ToolCallEntry> recordedFor(String modelCallId, int position) {
		return this.jdbc.sql("""
				SELECT t.* FROM agent_call c JOIN tool_call t ON t.model_call_id = c.replay_of
				WHERE c.id = :call AND t.position = :position
				""").param("call", modelCallId).param("position", position).query(ToolCallStore::entry).optional();
	}

	/**
	 * A recorded call of {@code runId} of this tool with exactly these arguments that
	 * ended with a result, the first such.
	 */
	public Optional<ToolCallEntry> sameCall(String runId, String tool, String arguments) {
		return this.jdbc.sql("""
				SELECT * FROM tool_call WHERE run_id = :run AND tool = :tool AND result IS NOT NULL
				ORDER BY call_key, step, position
				""")
			.param("run", runId)
			.param("tool", tool)
			.query(ToolCallStore::entry)
			.list()
			.stream()
			.filter((call) -> call.arguments().equals(arguments))
			.findFirst();
	}

	/**
	 * Answers a replay's tool call {@code id} with the outcome of the recorded call
	 * {@code original}, and the decision a person took on it, if any (who decided, when,
	 * why): the tool is not called again and nobody is asked again. The call is then
	 * {@code replayOf} the original, which marks its approval as re-delivered.
	 */
	public void replayed(String id, String original) {
		this.jdbc.sql("""
				UPDATE tool_call SET (result, error, started_at, ended_at, latency_ms, approval_hash, decision,
				  decision_reason, approved_arguments, approved_hash, decided_by, decided_at, replay_of) =
				  (SELECT result, error, started_at, ended_at, latency_ms, approval_hash, decision, decision_reason,
				    approved_arguments, approved_hash, decided_by, decided_at, id FROM tool_call WHERE id = :original)
				WHERE id = :id AND result IS NULL AND error IS NULL
				""").param("original", original).param("id", id).update();
	}

	/**
	 * The key the tool loop gives the call's tool context ({@code <task key>} or
	 * {@code <task key>/step-n}, then {@code /tool-<position>}), under which the tool
	 * recorded what it did, such as the messages it sent.
	 */
	public String contextKey(String id) {
		return this.jdbc.sql("SELECT call_key, step, position FROM tool_call WHERE id = :id")
			.param("id", id)
			.query((rs,
					n) -> ((rs.getInt("step") == 0) ? rs.getString("call_key")
							: rs.getString("call_key") + "/step-" + rs.getInt("step")) + "/tool-"
							+ rs.getInt("position"))
			.single();
	}

	/** Every tool call of a run, in the order they were asked for. */
	public List<ToolCallEntry> forRun(String runId) {
		return this.jdbc.sql("SELECT * FROM tool_call WHERE run_id = :run ORDER BY call_key, step, position")
			.param("run", runId)
			.query(ToolCallStore::entry)
			.list();
	}

	static ToolCallEntry entry(ResultSet rs, int row) throws SQLException {
		return new ToolCallEntry(rs.getString("id"), rs.getString("model_call_id"), rs.getInt("step"),
				rs.getInt("position"), rs.getString("request_id"), rs.getString("tool"), rs.getString("arguments"),
				rs.getString("result"), rs.getString("error"), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("ended_at")), (Long) rs.getObject("latency_ms", Long.class), approval(rs),
				rs.getString("server"), rs.getString("replay_of"));
	}

	/** The approval columns (V21): null for a call that never needed one. */
	private static ToolCallApproval approval(ResultSet rs) throws SQLException {
		String shown = rs.getString("approval_hash");
		if (shown == null) {
			return null;
		}
		String decision = rs.getString("decision");
		if (decision == null) {
			return new ToolCallApproval(ToolCallApproval.PENDING, null, null, null, null, null, shown, null);
		}
		boolean approved = ToolCallApproval.APPROVE.equals(decision);
		String approvedHash = rs.getString("approved_hash");
		return new ToolCallApproval(approved ? ToolCallApproval.APPROVED : ToolCallApproval.REJECTED,
				rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")), rs.getString("decision_reason"),
				approved ? rs.getString("approved_arguments") : null, approved ? !shown.equals(approvedHash) : null,
				shown, approvedHash);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
