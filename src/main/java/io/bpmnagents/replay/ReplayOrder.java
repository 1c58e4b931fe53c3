package io.bpmnagents.replay;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the order in which parallel calls finished. Answers of parallel branches are
 * collected as they finish (a debate's openings, a fan-out's contributions), and later
 * prompts show the collection: a replay that finished them in another order would ask
 * something else than the recording. So a replayed call hands over its answer only once
 * the calls that finished before it in the original, and were running by then, have
 * finished in the replay too (their task completed). Those finished strictly earlier, so
 * the waits cannot go round in a circle; a replay that went elsewhere stops waiting after
 * {@link #LONGEST} and lets the prompt check report it.
 * <p>
 * Reads the transcript table and the engine's external tasks directly: a replay is the
 * only reader of these timings.
 */
@Component
class ReplayOrder {

	static final Duration LONGEST = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(ReplayOrder.class);

	private final JdbcClient jdbc;

	ReplayOrder(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A recorded call's task and times. */
	record Timing(String id, String task, Instant started, Instant ended) {
	}

	/**
	 * Waits until the calls that finished before {@code recorded} have finished in the
	 * replay.
	 */
	void awaitTurn(String replay, String original, String recorded) {
		List<Timing> calls = timings(original);
		Set<String> before = finishedBefore(calls, recorded);
		long deadline = System.nanoTime() + LONGEST.toNanos();
		while (!before.isEmpty()) {
			before.removeAll(finishedInReplay(replay, before));
			if (before.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				log.info("Replay {} goes on without the calls {} of run {} that finished first there", replay, before,
						original);
				return;
			}
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * The calls that finished before {@code recorded} and were running by then, each the
	 * last call of its task (a task that asks again finishes with its last answer).
	 */
	static Set<String> finishedBefore(List<Timing> calls, String recorded) {
		Timing self = calls.stream().filter((call) -> call.id().equals(recorded)).findFirst().orElse(null);
		Set<String> before = new HashSet<>();
		if (self == null || self.ended() == null) {
			return before;
		}
		Map<String, Timing> lastOfTask = new HashMap<>();
		for (Timing call : calls) {
			String task = (call.task() != null) ? call.task() : call.id();
			lastOfTask.merge(task, call, (a, b) -> b.started().isAfter(a.started()) ? b : a);
		}
		for (Timing call : lastOfTask.values()) {
			if (!call.id().equals(recorded) && call.ended() != null && call.ended().isBefore(self.ended())
					&& call.started().isBefore(self.ended()) && !sameTask(call, self)) {
				before.add(call.id());
			}
		}
		return before;
	}

	private static boolean sameTask(Timing a, Timing b) {
		return a.task() != null && a.task().equals(b.task());
	}

	private List<Timing> timings(String original) {
		return this.jdbc.sql("""
				SELECT id, external_task_id, started_at, ended_at FROM agent_call
				WHERE run_id = :run AND response IS NOT NULL
				""")
			.param("run", original)
			.query((rs, n) -> new Timing(rs.getString("id"), taskOf(rs.getString("external_task_id")),
					instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("ended_at"))))
			.list();
	}

	/**
	 * Of the recorded calls {@code waited}, those whose replayed call's task has
	 * completed.
	 */
	private Set<String> finishedInReplay(String replay, Set<String> waited) {
		Map<String, String> taskByOriginal = new HashMap<>();
		this.jdbc.sql("""
				SELECT replay_of, external_task_id FROM agent_call
				WHERE run_id = :run AND replay_of IS NOT NULL AND response IS NOT NULL
				""").param("run", replay).query((rs, n) -> {
			taskByOriginal.put(rs.getString("replay_of"), taskOf(rs.getString("external_task_id")));
			return null;
		}).list();
		Set<String> answered = new HashSet<>(waited);
		answered.retainAll(taskByOriginal.keySet());
		Set<String> tasks = new HashSet<>();
		answered.forEach((id) -> {
			if (taskByOriginal.get(id) != null) {
				tasks.add(taskByOriginal.get(id));
			}
		});
		Set<String> open = tasks.isEmpty() ? Set.of()
				: new HashSet<>(this.jdbc.sql("SELECT ID_ FROM ACT_RU_EXT_TASK WHERE ID_ IN (:tasks)")
					.param("tasks", tasks)
					.query(String.class)
					.list());
		answered.removeIf((id) -> open.contains(taskByOriginal.get(id)));
		return answered;
	}

	private static String taskOf(String callKey) {
		if (callKey == null) {
			return null;
		}
		int slash = callKey.indexOf('/');
		return (slash < 0) ? callKey : callKey.substring(0, slash);
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
