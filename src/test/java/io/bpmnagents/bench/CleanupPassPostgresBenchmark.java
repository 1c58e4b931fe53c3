package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import io.bpmnagents.support.ApiClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.awaitility.Awaitility.await;

/**
 * One pass of the history cleanup job's step over a month of kept runs on PostgreSQL:
 * 300,000 runs with history, 30,000 whose history is gone, three 2 KB model calls each,
 * written straight into the tables (no run is executed). Prints how long the search for
 * runs whose history is gone takes, and the first pass (20,000 runs, the default bound).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				"camunda.bpm.webapp.enabled=false", "bpmn-agents.worker.enabled=false" })
@ActiveProfiles("postgres")
@DirtiesContext
class CleanupPassPostgresBenchmark {

	private static final EmbeddedPostgres postgres = start();

	private static final int KEPT = 300_000;

	private static final int GONE = 30_000;

	/** What the cleanup step asks (RunDataCleanup), with its default min-age of 1 h. */
	private static final String ORPHANS = """
			SELECT r.run_id FROM (
			  SELECT run_id FROM run_input WHERE started_at < now() - interval '1 hour'
			  UNION SELECT run_id FROM agent_call WHERE started_at < now() - interval '1 hour'
			  UNION SELECT run_id FROM run_workspace WHERE updated_at < now() - interval '1 hour'
			) r
			WHERE NOT EXISTS (SELECT 1 FROM ACT_RU_EXECUTION e WHERE e.ID_ = r.run_id)
			  AND NOT EXISTS (SELECT 1 FROM ACT_HI_PROCINST h WHERE h.ID_ = r.run_id)
			  AND NOT EXISTS (SELECT 1 FROM run_input replay JOIN ACT_RU_EXECUTION e ON e.ID_ = replay.run_id
			    WHERE replay.replay_of = r.run_id)
			FETCH FIRST 20000 ROWS ONLY
			""";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HistoryService history;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("DATABASE_USER", () -> "postgres");
		registry.add("DATABASE_PASSWORD", () -> "postgres");
	}

	@Test
	void aPassOverAMonthOfRuns() {
		this.jdbc.sql("""
				INSERT INTO act_hi_procinst (id_, proc_inst_id_, proc_def_id_, start_time_)
				SELECT 'r' || g, 'r' || g, 'def', now() FROM generate_series(1, :kept) g
				""").param("kept", KEPT).update();
		this.jdbc.sql("""
				INSERT INTO run_input (run_id, process_definition_id, input, started_at)
				SELECT 'r' || g, 'def', '{"task":"x"}', now() - interval '2 days' FROM generate_series(1, :runs) g
				""").param("runs", KEPT + GONE).update();
		this.jdbc.sql("""
				INSERT INTO agent_call (id, run_id, process_instance_id, activity_id, external_task_id, agent, prompt,
				  response, context_messages, started_at, attempt, worker)
				SELECT 'c' || g, 'r' || (g / 3 + 1), 'r' || (g / 3 + 1), 'Task', 't' || g, 'writer', repeat('p', 1000),
				  repeat('a', 1000), '[]', now() - interval '2 days', 1, 'w' FROM generate_series(0, :calls) g
				""").param("calls", 3 * (KEPT + GONE) - 1).update();
		this.jdbc.sql("VACUUM ANALYZE").update();

		long search = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			long started = System.nanoTime();
			this.jdbc.sql(ORPHANS).query(String.class).list();
			search = Math.min(search, (System.nanoTime() - started) / 1_000_000);
		}
		long started = System.nanoTime();
		this.history.cleanUpHistoryAsync(true);
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM run_input").query(Long.class).single() <= KEPT + GONE
					- 20_000);
		long pass = (System.nanoTime() - started) / 1_000_000;

		System.out.printf("BENCH cleanup pass [PostgreSQL]: %,d runs kept, %,d gone, %,d model calls of 2 KB: "
				+ "search for runs whose history is gone = %d ms (best of 3); job started until the first pass had "
				+ "removed 20,000 runs (60,000 calls) = %d ms%n", KEPT, GONE, 3 * (KEPT + GONE), search, pass);
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
