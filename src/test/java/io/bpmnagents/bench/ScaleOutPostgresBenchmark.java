package io.bpmnagents.bench;

import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's scale-out figures: 1, 2 and 3 nodes of the application on one PostgreSQL
 * server, clustered the way Camunda 7 clusters (every node's engine and worker on the
 * shared database, nothing else between them). Prints per N the steps per second and,
 * what does not depend on the machine's load, the database work per step: statements,
 * commits, rows written, WAL bytes and the server's execution time (pg_stat_statements
 * and the WAL position), and the connections the nodes hold and use at most.
 * <p>
 * The nodes are JVMs of their own ({@link ApplicationProcess}), as in production, so each
 * has its own connection pool, job executor and worker id, and none shares a cache with
 * another. The model simulator is each node's built-in one: its key is made per process,
 * so one node cannot serve the others; its cost is CPU in the node, not database work.
 * Nodes join one at a time on the same database (N = 1, then 2, then 3); each phase
 * starts a fixed set of runs round-robin on the nodes, at L = 0.
 * <p>
 * Asserts what must hold whatever the load: every run COMPLETED and every step answered
 * exactly once (one transcript row per step, none twice across nodes). Not part of
 * {@code mvn verify}; run with
 * {@code mvn -B -o test -Pbench -Dtest=ScaleOutPostgresBenchmark}.
 */
class ScaleOutPostgresBenchmark {

	private static final int PIPELINES = 45;

	private static final int FAN_OUTS = 9;

	private static final List<String> PIPELINE_AGENTS = List.of("researcher", "developer", "reviewer");

	private static final List<String> FAN_OUT_AGENTS = List.of("researcher", "developer", "reviewer", "tester");

	/** A pipeline's three agents; a fan-out's four and the synthesizer. */
	private static final int STEPS = PIPELINES * 3 + FAN_OUTS * 5;

	private static final Duration IDLE_WINDOW = Duration.ofSeconds(10);

	private static final Duration START_BOUND = Duration.ofMinutes(4);

	private static final Duration RUN_BOUND = Duration.ofMinutes(5);

	/**
	 * The role the nodes use; the benchmark reads as another, so its own reads can be
	 * left out.
	 */
	private static final String NODE_ROLE = "postgres";

	private final ExecutorService clients = Executors.newFixedThreadPool(8);

	@Test
	void oneTwoAndThreeNodesOnOnePostgresCompleteEveryStepOnceAndShowTheirDatabaseWorkPerStep() throws Exception {
		Path logs = Path.of("target", "scale-out-benchmark");
		List<ApplicationProcess> nodes = new ArrayList<>();
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.setServerConfig("max_connections", "300")
			.start()) {
			createDatabase(postgres);
			try (Connection bench = postgres.getDatabase("bench", "scaleout").getConnection()) {
				bench.setAutoCommit(true);
				for (int n = 1; n <= 3; n++) {
					// Given n nodes on the database, the newest warmed up with a few runs
					ApplicationProcess node = ApplicationProcess.start(ApplicationProcess.freePort(),
							List.of("--spring.profiles.active=postgres",
									"--spring.datasource.url=" + postgres.getJdbcUrl(NODE_ROLE, "scaleout"),
									"--spring.datasource.username=" + NODE_ROLE,
									"--spring.datasource.password=postgres", "--camunda.bpm.webapp.enabled=false",
									// Eight clients log in at once; each attempt takes
									// its
									// failure from the allowance (5) before the check.
									"--bpmn-agents.security.max-login-failures=1000"),
							logs.resolve("node-" + n + ".log"));
					nodes.add(node);
					node.awaitReady(START_BOUND);
					awaitCompleted(bench, startRuns(List.of(node), 5, 0));
					Thread.sleep(2000);

					// When they are idle, then run the same set of runs started
					// round-robin
					Counters idleFrom = Counters.read(bench);
					Thread.sleep(IDLE_WINDOW.toMillis());
					Counters idle = Counters.read(bench).minus(idleFrom);
					ConnectionSampler connections = new ConnectionSampler(postgres);
					Counters before = Counters.read(bench);
					long cpuBefore = cpuMillis(nodes);
					long started = System.nanoTime();
					List<String> runs = startRuns(nodes, PIPELINES, FAN_OUTS);
					awaitCompleted(bench, runs);
					double seconds = (System.nanoTime() - started) / 1e9;
					long cpu = cpuMillis(nodes) - cpuBefore;
					Thread.sleep(2000);
					Counters busy = Counters.read(bench).minus(before);
					connections.stop();

					// Then every step ran once, and the database work per step is printed
					Steps steps = Steps.of(bench, runs);
					assertThat(steps.rows()).as("transcript rows of the %s runs", runs.size()).isEqualTo(STEPS);
					assertThat(steps.answered()).as("answered steps").isEqualTo(STEPS);
					assertThat(steps.mostRowsPerStep()).as("most transcript rows of one step").isEqualTo(1);
					print(n, seconds, cpu, busy, idle, connections, steps);
				}
			}
			finally {
				for (ApplicationProcess node : nodes) {
					node.stop();
				}
				this.clients.shutdownNow();
			}
		}
	}

	/**
	 * The nodes' database, with pg_stat_statements, and a role of the benchmark's own for
	 * reading it.
	 */
	private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
		try (Connection admin = postgres.getPostgresDatabase().getConnection();
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE scaleout");
			statement.execute("CREATE ROLE bench LOGIN SUPERUSER");
		}
		try (Connection connection = postgres.getDatabase(NODE_ROLE, "scaleout").getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION pg_stat_statements");
		}
	}

	/** Pipelines and fan-outs started by eight clients, round-robin on the nodes. */
	private List<String> startRuns(List<ApplicationProcess> nodes, int pipelines, int fanOuts) throws Exception {
		List<Callable<String>> starts = new ArrayList<>();
		for (int i = 0; i < pipelines + fanOuts; i++) {
			ApplicationProcess node = nodes.get(i % nodes.size());
			boolean pipeline = i < pipelines;
			Map<String, Object> body = Map.of("process", pipeline ? "sequential-pipeline" : "parallel-fanout", "input",
					Map.of("task", "Scale out", "agents", pipeline ? PIPELINE_AGENTS : FAN_OUT_AGENTS));
			starts.add(() -> node.post("/api/runs", body).path("id").asText());
		}
		List<String> runs = new ArrayList<>();
		for (Future<String> run : this.clients.invokeAll(starts)) {
			runs.add(run.get());
		}
		return runs;
	}

	/** Reads the engine's history, as the benchmark's role, until every run COMPLETED. */
	private static void awaitCompleted(Connection bench, List<String> runs) throws Exception {
		long deadline = System.nanoTime() + RUN_BOUND.toNanos();
		try (PreparedStatement query = bench.prepareStatement(
				"SELECT count(*) FILTER (WHERE state_ = 'COMPLETED'), count(*) FILTER (WHERE end_time_ IS NULL) "
						+ "FROM act_hi_procinst WHERE id_ = ANY (?)")) {
			query.setArray(1, bench.createArrayOf("varchar", runs.toArray()));
			while (System.nanoTime() < deadline) {
				try (ResultSet result = query.executeQuery()) {
					result.next();
					if (result.getInt(1) == runs.size()) {
						return;
					}
					if (result.getInt(1) + result.getInt(2) < runs.size()) {
						throw new AssertionError("A run ended but did not complete; see target/scale-out-benchmark");
					}
				}
				Thread.sleep(250);
			}
		}
		throw new AssertionError("Not every run completed within " + RUN_BOUND);
	}

	private static void print(int nodes, double seconds, long cpuMillis, Counters busy, Counters idle,
			ConnectionSampler connections, Steps steps) {
		String label = "[PostgreSQL, " + nodes + (nodes == 1 ? " node" : " nodes") + "] ";
		line(label + "steps (" + PIPELINES + " pipelines of 3, " + FAN_OUTS + " fan-outs of 4 + synthesis, L=0)", STEPS,
				"");
		line(label + "steps per second (first start to last completion)", STEPS / seconds, "steps/s");
		line(label + "runs whose steps ran on more than one node", steps.spreadRuns(), "runs");
		line(label + "statements per step (SELECT/INSERT/UPDATE/DELETE/other)", busy.statements() / (double) STEPS,
				String.format(Locale.ROOT, "(%.1f/%.1f/%.1f/%.1f/%.1f)", busy.selects / (double) STEPS,
						busy.inserts / (double) STEPS, busy.updates / (double) STEPS, busy.deletes / (double) STEPS,
						busy.other / (double) STEPS));
		line(label + "commits per step (pg_stat_database xact_commit)", busy.commits / (double) STEPS, "");
		line(label + "rows written per step (inserted/updated/deleted)", busy.rowsWritten() / (double) STEPS,
				String.format(Locale.ROOT, "(%.1f/%.1f/%.1f)", busy.rowsInserted / (double) STEPS,
						busy.rowsUpdated / (double) STEPS, busy.rowsDeleted / (double) STEPS));
		line(label + "WAL bytes per step", busy.walBytes / (double) STEPS, "B");
		line(label + "database growth per step", busy.databaseBytes / (double) STEPS, "B");
		line(label + "server time executing statements per step (busy machine: an upper bound)",
				busy.executionMillis / STEPS, "ms");
		line(label + "nodes' CPU per step (engine, worker, API and the built-in simulator)", cpuMillis / (double) STEPS,
				"ms");
		line(label + "idle nodes: statements per second, all nodes",
				idle.statements() / (double) IDLE_WINDOW.toSeconds(), "");
		line(label + "idle nodes: commits per second, all nodes", idle.commits / (double) IDLE_WINDOW.toSeconds(), "");
		line(label + "idle nodes: WAL bytes per second, all nodes", idle.walBytes / (double) IDLE_WINDOW.toSeconds(),
				"B");
		line(label + "connections open, most seen (pool size 10 per node)", connections.mostOpen(), "");
		line(label + "connections in use (not idle), most seen", connections.mostActive(), "");
	}

	private static long cpuMillis(List<ApplicationProcess> nodes) {
		return nodes.stream().mapToLong((node) -> node.cpuTime().toMillis()).sum();
	}

	private static void line(String figure, Object value, String unit) {
		String shown = (value instanceof Double d) ? String.format(Locale.ROOT, "%.1f", d) : value.toString();
		System.out.printf("BENCH %s = %s%s%n", figure, shown, unit.isEmpty() ? "" : " " + unit);
	}

	/**
	 * The server's cumulative counters for the nodes' role: statements by kind and rows
	 * from pg_stat_statements, commits from pg_stat_database (the benchmark's own reads
	 * commit there too, a handful per second), the WAL position and the database's size.
	 */
	private record Counters(long selects, long inserts, long updates, long deletes, long other, long rowsInserted,
			long rowsUpdated, long rowsDeleted, long commits, long walBytes, long databaseBytes,
			double executionMillis) {

		static Counters read(Connection bench) throws SQLException {
			try (Statement statement = bench.createStatement();
					ResultSet result = statement.executeQuery(
							"""
									SELECT sum(calls) FILTER (WHERE kind = 'SELECT'), sum(calls) FILTER (WHERE kind = 'INSERT'),
									  sum(calls) FILTER (WHERE kind = 'UPDATE'), sum(calls) FILTER (WHERE kind = 'DELETE'),
									  sum(calls) FILTER (WHERE kind NOT IN ('SELECT', 'INSERT', 'UPDATE', 'DELETE')),
									  sum(rows) FILTER (WHERE kind = 'INSERT'), sum(rows) FILTER (WHERE kind = 'UPDATE'),
									  sum(rows) FILTER (WHERE kind = 'DELETE'),
									  (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
									  pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, pg_database_size(current_database()),
									  coalesce(sum(total_exec_time), 0)
									FROM (SELECT upper(split_part(ltrim(s.query), ' ', 1)) AS kind, s.calls, s.rows, s.total_exec_time
									  FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
									  WHERE r.rolname = 'postgres' AND s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) q
									""")) {
				result.next();
				return new Counters(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4),
						result.getLong(5), result.getLong(6), result.getLong(7), result.getLong(8), result.getLong(9),
						result.getLong(10), result.getLong(11), result.getDouble(12));
			}
		}

		Counters minus(Counters earlier) {
			return new Counters(this.selects - earlier.selects, this.inserts - earlier.inserts,
					this.updates - earlier.updates, this.deletes - earlier.deletes, this.other - earlier.other,
					this.rowsInserted - earlier.rowsInserted, this.rowsUpdated - earlier.rowsUpdated,
					this.rowsDeleted - earlier.rowsDeleted, this.commits - earlier.commits,
					this.walBytes - earlier.walBytes, this.databaseBytes - earlier.databaseBytes,
					this.executionMillis - earlier.executionMillis);
		}

		long statements() {
			return this.selects + this.inserts + this.updates + this.deletes + this.other;
		}

		long rowsWritten() {
			return this.rowsInserted + this.rowsUpdated + this.rowsDeleted;
		}

	}

	/**
	 * The transcript of the runs: rows, answers, and how many nodes worked on each run.
	 */
	private record Steps(int rows, int answered, int mostRowsPerStep, int spreadRuns) {

		static Steps of(Connection bench, List<String> runs) throws SQLException {
			Array ids = bench.createArrayOf("varchar", runs.toArray());
			try (PreparedStatement query = bench.prepareStatement("""
					SELECT (SELECT count(*) FROM agent_call WHERE run_id = ANY (?)),
					  (SELECT count(response) FROM agent_call WHERE run_id = ANY (?)),
					  (SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM agent_call WHERE run_id = ANY (?)
					    GROUP BY run_id, activity_id, agent) s),
					  (SELECT count(*) FROM (SELECT run_id FROM agent_call WHERE run_id = ANY (?)
					    GROUP BY run_id HAVING count(DISTINCT worker) > 1) w)
					""")) {
				for (int i = 1; i <= 4; i++) {
					query.setArray(i, ids);
				}
				try (ResultSet result = query.executeQuery()) {
					result.next();
					return new Steps(result.getInt(1), result.getInt(2), result.getInt(3), result.getInt(4));
				}
			}
		}

	}

	/**
	 * Samples pg_stat_activity every 100 ms for the nodes' connections: open, and in use
	 * (in a statement or a transaction).
	 */
	private static final class ConnectionSampler {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicInteger mostOpen = new AtomicInteger();

		private final AtomicInteger mostActive = new AtomicInteger();

		private final Thread thread;

		ConnectionSampler(EmbeddedPostgres postgres) {
			this.thread = new Thread(() -> sample(postgres), "connection-sampler");
			this.thread.start();
		}

		private void sample(EmbeddedPostgres postgres) {
			try (Connection connection = postgres.getDatabase("bench", "postgres").getConnection();
					Statement statement = connection.createStatement()) {
				while (this.running.get()) {
					try (ResultSet result = statement
						.executeQuery("SELECT count(*), count(*) FILTER (WHERE state <> 'idle') FROM pg_stat_activity "
								+ "WHERE usename = 'postgres' AND datname = 'scaleout'")) {
						result.next();
						this.mostOpen.accumulateAndGet(result.getInt(1), Math::max);
						this.mostActive.accumulateAndGet(result.getInt(2), Math::max);
					}
					Thread.sleep(100);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
		}

		int mostOpen() {
			return this.mostOpen.get();
		}

		int mostActive() {
			return this.mostActive.get();
		}

	}

}
