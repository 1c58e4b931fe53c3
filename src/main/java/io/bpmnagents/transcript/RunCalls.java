package io.bpmnagents.transcript;

import java.util.ArrayList;
import java.util.List;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A run's model calls and their tool calls in one statement, for its transcript: the two
 * tables' rows in one {@code UNION ALL} under the columns of both (each row's own filled,
 * the other's empty), so that each row is read by its own table's mapper, by column name.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunCalls {

	/**
	 * Wrapped in a plain SELECT, which H2 keeps parsed (a union it parses anew each
	 * time).
	 */
	private static final String SQL = """
			SELECT * FROM (
			SELECT 'c' AS row_kind, id, run_id, process_instance_id, activity_id, agent, model, prompt, response, error,
			  context_messages, started_at, ended_at, latency_ms, prompt_tokens, completion_tokens, attempt, worker,
			  trace_id, span_id, source, replay_of, note, guardrails, live_from, seq, NULL AS model_call_id,
			  NULL AS call_key, NULL AS step, NULL AS position, NULL AS request_id, NULL AS tool, NULL AS arguments,
			  NULL AS result, NULL AS approval_hash, NULL AS decision, NULL AS decision_reason, NULL AS decided_by,
			  NULL AS decided_at, NULL AS approved_arguments, NULL AS approved_hash, NULL AS server
			FROM agent_call WHERE run_id = :run
			UNION ALL
			SELECT 't', id, run_id, NULL, NULL, NULL, NULL, NULL, NULL, error, NULL, started_at, ended_at, latency_ms,
			  NULL, NULL, NULL, worker, NULL, NULL, NULL, replay_of, NULL, NULL, NULL, NULL, model_call_id, call_key,
			  step, position, request_id, tool, arguments, result, approval_hash, decision, decision_reason,
			  decided_by, decided_at, approved_arguments, approved_hash, server
			FROM tool_call WHERE run_id = :run
			) U ORDER BY row_kind, call_key, step, position, started_at, seq
			""";

	private final JdbcClient jdbc;

	private final TranscriptStore transcript;

	/**
	 * The run's calls in the order they started ({@link TranscriptStore#forRun}) and its
	 * tool calls in the order they were asked for ({@link ToolCallStore#forRun}).
	 */
	public Calls of(String runId) {
		Calls calls = new Calls(new ArrayList<>(), new ArrayList<>());
		this.jdbc.sql(SQL).param("run", runId).query((rs) -> {
			if ("c".equals(rs.getString("row_kind"))) {
				calls.calls().add(this.transcript.entry(rs, 0));
			}
			else {
				calls.toolCalls().add(ToolCallStore.entry(rs, 0));
			}
		});
		return calls;
	}

	/** A run's model calls and tool calls. */
	public record Calls(List<TranscriptEntry> calls, List<ToolCallEntry> toolCalls) {
	}

}
