package io.bpmnagents.cleanup;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes the app's own rows of runs whose history the engine has removed: the transcript
 * ({@code agent_call}), tool calls, workspace, recorded input, budget counter and, of an
 * evaluation run, its cases ({@code evaluation_case}; datasets are people's own and
 * stay). A person's direct questions to agents ({@code agent_ask}, which have no history)
 * go with their calls once older than {@code ask-time-to-live}. A run's rows go once the
 * run has neither a runtime execution nor a historic process instance, however its
 * history went (the time-to-live cleanup, or a historic instance deleted in Cockpit, over
 * REST or with the HistoryService), so what Cockpit, the run view and the transcript show
 * always stays together.
 */
@Component
class RunDataCleanup {

	private static final Logger log = LoggerFactory.getLogger(RunDataCleanup.class);

	/**
	 * Runs with a row written before {@code :cutoff} that are neither running nor in
	 * history. The run's id is its root process instance's id, which is also the id of
	 * that instance's execution and historic instance. Every tool call belongs to a model
	 * call of its run ({@code model_call_id}), so the runs of {@code tool_call} are those
	 * of {@code agent_call}. The original of a replay that is still running keeps its
	 * transcript: the replay is answered from it. A person's direct question to an agent
	 * ({@code agent_ask}) has no process instance: its calls go by {@link #EXPIRED_ASKS}.
	 */
	private static final String ORPHANS = """
			SELECT r.run_id FROM (
			  SELECT run_id FROM run_input WHERE started_at < :cutoff
			  UNION SELECT run_id FROM agent_call WHERE started_at < :cutoff
			  UNION SELECT run_id FROM run_workspace WHERE updated_at < :cutoff
			  UNION SELECT evaluation_id FROM evaluation_case WHERE recorded_at < :cutoff
			) r
			WHERE NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = r.run_id)
			  AND NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.ID_ = r.run_id)
			  AND NOT EXISTS (SELECT 1 FROM run_input replay JOIN ACT_RU_EXECUTION e ON e.ID_ = replay.run_id
			    WHERE replay.replay_of = r.run_id)
			  AND NOT EXISTS (SELECT 1 FROM agent_ask a WHERE a.run_id = r.run_id)
			FETCH FIRST :limit ROWS ONLY
			""";

	/** Direct questions asked before {@code :expiry}: their id is their calls' run id. */
	private static final String EXPIRED_ASKS = """
			SELECT run_id FROM agent_ask WHERE asked_at < :expiry FETCH FIRST :limit ROWS ONLY
			""";

	// Messages are sent by tool calls, so their runs are those of agent_call too;
	// people's messages into a conversation belong to runs with a run_input row.
	private static final List<String> TABLES = List.of("tool_call", "agent_message", "conversation_message",
			"run_workspace", "agent_call", "run_input", "agent_ask");

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	private final CleanupProperties properties;

	/**
	 * One pass at a time on this node: the cleanup job may be due again during a pass.
	 */
	private final AtomicBoolean passing = new AtomicBoolean();

	RunDataCleanup(JdbcClient jdbc, PlatformTransactionManager transactions, CleanupProperties properties) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		// Called after the engine's job has committed, where the finished transaction may
		// still be bound to the thread: every statement here runs in a new one.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.properties = properties;
	}

	/**
	 * One pass: removes the rows of at most {@code max-runs-per-pass} runs whose history
	 * is gone, {@code batch-size} runs per transaction, leaving runs whose rows are all
	 * younger than {@code min-age} before {@code now}.
	 * @return the runs whose rows were removed
	 */
	int pass(Instant now) {
		if (!this.passing.compareAndSet(false, true)) {
			return 0;
		}
		try {
			long started = System.nanoTime();
			Timestamp cutoff = Timestamp.from(now.minus(this.properties.minAge()));
			List<String> runs = new ArrayList<>(this.ownTransaction.execute((status) -> this.jdbc.sql(ORPHANS)
				.param("cutoff", cutoff)
				.param("limit", this.properties.maxRunsPerPass())
				.query(String.class)
				.list()));
			Timestamp expiry = Timestamp.from(now.minus(this.properties.askTimeToLive()));
			runs.addAll(this.ownTransaction.execute((status) -> this.jdbc.sql(EXPIRED_ASKS)
				.param("expiry", expiry)
				.param("limit", Math.max(0, this.properties.maxRunsPerPass() - runs.size()))
				.query(String.class)
				.list()));
			for (int from = 0; from < runs.size(); from += this.properties.batchSize()) {
				List<String> batch = runs.subList(from, Math.min(runs.size(), from + this.properties.batchSize()));
				this.ownTransaction.executeWithoutResult((status) -> remove(batch));
			}
			if (!runs.isEmpty()) {
				log.info(
						"Removed the transcripts, tool calls, workspaces, inputs and evaluation cases of {} runs whose "
								+ "history is gone, and expired direct questions " + "({} ms)",
						runs.size(), Duration.ofNanos(System.nanoTime() - started).toMillis());
			}
			return runs.size();
		}
		finally {
			this.passing.set(false);
		}
	}

	private void remove(List<String> runs) {
		for (String table : TABLES) {
			this.jdbc.sql("DELETE FROM " + table + " WHERE run_id IN (:runs)").param("runs", runs).update();
		}
		// An evaluation's cases are keyed by its run.
		this.jdbc.sql("DELETE FROM evaluation_case WHERE evaluation_id IN (:runs)").param("runs", runs).update();
		// A run's budget counter (package quota) is keyed by the run.
		this.jdbc.sql("DELETE FROM quota_counter WHERE quota_key IN (:keys)")
			.param("keys", runs.stream().map((run) -> "run:" + run).toList())
			.update();
	}

}
