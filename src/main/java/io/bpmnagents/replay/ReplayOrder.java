package io.bpmnagents.replay;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the order in which parallel calls' answers were collected. Answers of parallel
 * branches are collected in a map or list as their tasks complete (a debate's openings, a
 * fan-out's contributions), and later prompts show the collection: a replay that
 * completed them in another order would ask something else than the recording. The worker
 * numbers those completions per process instance as they happen ({@code completed_seq},
 * under the instance's row lock); a replayed call hands over its answer only once the
 * calls whose tasks completed before its own in the original have completed in the replay
 * too. They completed strictly earlier, so the waits cannot go round in a circle; a
 * replay that went elsewhere stops waiting after {@link #LONGEST} and lets the prompt
 * check report it.
 * <p>
 * Reads the transcript table and the engine's external tasks directly: a replay is the
 * only reader of this order.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ReplayOrder {

	static final Duration LONGEST = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(ReplayOrder.class);

	private final JdbcClient jdbc;

	/**
	 * A recorded call: its task, its process instance and the place of its task's
	 * completion among the collecting completions there (null: not collecting).
	 */
	record Completion(String id, String task, String processInstanceId, Integer seq) {
	}

	/**
	 * Waits until the calls completed before {@code recorded} have completed in the
	 * replay.
	 */
	void awaitTurn(String replay, String original, String recorded) {
		Set<String> before = completedBefore(completions(original), recorded);
		long deadline = System.nanoTime() + LONGEST.toNanos();
		while (!before.isEmpty()) {
			before.removeAll(finishedInReplay(replay, before));
			if (before.isEmpty()) {
				return;
			}
			if (System.nanoTime() > deadline) {
				log.info("Replay {} goes on without the calls {} of run {} that completed first there", replay, before,
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
	 * The calls of the same process instance whose collecting completion came before that
	 * of {@code recorded}'s task, each the last call of its task.
	 */
	static Set<String> completedBefore(List<Completion> calls, String recorded) {
		Completion self = calls.stream().filter((call) -> call.id().equals(recorded)).findFirst().orElse(null);
		Set<String> before = new HashSet<>();
		if (self == null || self.seq() == null) {
			return before;
		}
		Map<String, Completion> lastOfTask = new LinkedHashMap<>();
		for (Completion call : calls) {
			lastOfTask.put((call.task() != null) ? call.task() : call.id(), call);
		}
		for (Completion call : lastOfTask.values()) {
			if (call.seq() != null && call.seq() < self.seq()
					&& call.processInstanceId().equals(self.processInstanceId())
					&& (call.task() == null || !call.task().equals(self.task()))) {
				before.add(call.id());
			}
		}
		return before;
	}

	/** The answered calls of a run, in the order they started. */
	private List<Completion> completions(String original) {
		return this.jdbc.sql("""
				SELECT id, external_task_id, process_instance_id, completed_seq FROM agent_call
				WHERE run_id = :run AND response IS NOT NULL ORDER BY started_at, seq
				""")
			.param("run", original)
			.query((rs, n) -> new Completion(rs.getString("id"), taskOf(rs.getString("external_task_id")),
					rs.getString("process_instance_id"), (Integer) rs.getObject("completed_seq", Integer.class)))
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

}
