package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What PostgreSQL spends on a phase of a benchmark, statement by statement, switched on
 * with {@code -Dbench.pg-statements=true}: the server starts with
 * {@code pg_stat_statements} (its counters are normalised statements, so no log needs
 * parsing) and logs every lock wait longer than 1 ms. After the phase it prints the top
 * statements by server time, the tables read by sequential scans and the lock waits.
 * Costs time itself, so take the hand-over figures from a run without it.
 */
final class PostgresStatements {

	static final String PROPERTY = "bench.pg-statements";

	private static final Path LOGS = Path.of("target", "pg-statements").toAbsolutePath();

	/** Lock-wait lines in the log before the phase. */
	private static int waitLines;

	private PostgresStatements() {
	}

	static boolean asked() {
		return Boolean.getBoolean(PROPERTY);
	}

	/** The server, with the statistics and lock-wait log when asked. */
	static EmbeddedPostgres start() throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
		if (asked()) {
			Files.createDirectories(LOGS);
			builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
				.setServerConfig("pg_stat_statements.track_planning", "on")
				.setServerConfig("logging_collector", "on")
				.setServerConfig("log_directory", LOGS.toString())
				.setServerConfig("log_filename", "postgresql.log")
				.setServerConfig("log_lock_waits", "on")
				// Every statement with its duration, in order, to follow one hand-over
				// through the log; the table below needs no log.
				.setServerConfig("log_min_duration_statement", "0")
				// A lock wait is logged once it lasts this long; also when deadlocks are
				// checked, harmless for a benchmark.
				.setServerConfig("deadlock_timeout", "1ms");
		}
		return builder.start();
	}

	/** Zeroes the server's counters; the phase starts after this. */
	static void reset(JdbcClient jdbc) {
		jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
		jdbc.sql("SELECT pg_stat_statements_reset()").query().singleRow();
		jdbc.sql("SELECT pg_stat_reset()").query().singleRow();
		waitLines = lockWaits().size();
	}

	/** Prints what the server spent since {@link #reset}, per agent step of the phase. */
	static void print(JdbcClient jdbc, String database, int steps) throws InterruptedException {
		// The statistics collector is fed asynchronously, at most every 500 ms.
		Thread.sleep(1500);
		String prefix = "PGSTAT [" + database + "] ";
		List<Map<String, Object>> rows = jdbc.sql("""
				SELECT calls, total_exec_time + total_plan_time AS total_ms, mean_exec_time AS mean_ms,
				       shared_blks_hit + shared_blks_read AS blocks, rows, query
				FROM pg_stat_statements
				WHERE query NOT LIKE '%pg_stat%'
				ORDER BY total_exec_time + total_plan_time DESC LIMIT 15""").query().listOfRows();
		double all = jdbc.sql("SELECT SUM(total_exec_time + total_plan_time) FROM pg_stat_statements")
			.query(Double.class)
			.single();
		long calls = jdbc.sql("SELECT SUM(calls) FROM pg_stat_statements").query(Long.class).single();
		System.out.printf("%sall statements: %d calls (%.1f per step), %.1f ms (%.3f ms per step), %d steps%n", prefix,
				calls, calls / (double) steps, all, all / steps, steps);
		System.out.printf("%s%8s %9s %9s %8s %9s  %s%n", prefix, "calls", "total ms", "mean ms", "blk/call", "per step",
				"statement");
		for (Map<String, Object> row : rows) {
			long n = ((Number) row.get("calls")).longValue();
			System.out.printf("%s%8d %9.1f %9.3f %8.1f %9.2f  %s%n", prefix, n,
					((Number) row.get("total_ms")).doubleValue(), ((Number) row.get("mean_ms")).doubleValue(),
					((Number) row.get("blocks")).doubleValue() / n, n / (double) steps,
					shorten((String) row.get("query")));
		}
		printPlanned(jdbc, prefix, steps);
		List<String> everyStatement = jdbc.sql("""
				SELECT calls || ' ' || plans || ' ' || round((total_exec_time + total_plan_time)::numeric, 1) || ' '
				       || query
				FROM pg_stat_statements ORDER BY calls DESC""").query(String.class).list();
		writeAll(everyStatement);
		jdbc.sql("""
				SELECT relname, seq_scan, seq_tup_read, idx_scan FROM pg_stat_user_tables
				WHERE seq_scan > 0 ORDER BY seq_tup_read DESC LIMIT 15""")
			.query()
			.listOfRows()
			.forEach(row -> System.out.printf("%ssequential scans of %s: %s, rows read %s (index scans %s)%n", prefix,
					row.get("relname"), row.get("seq_scan"), row.get("seq_tup_read"), row.get("idx_scan")));
		List<String> waits = lockWaits();
		System.out.printf("%slock waits over 1 ms: %d%n", prefix, waits.size() - waitLines);
		waits.stream().skip(waitLines).limit(10).forEach(line -> System.out.println(prefix + "  " + line));
	}

	/**
	 * The statements planned most, per step: a statement planned at (nearly) every call
	 * runs on a custom plan, made again for each execution, rather than the generic plan
	 * PostgreSQL keeps for a prepared statement once it judges it as good. A statement's
	 * first executions on each connection are planned every time (the driver prepares it
	 * on the server only from its fifth, and the server plans its first five custom), so
	 * a handful of plans per connection are expected.
	 */
	private static void printPlanned(JdbcClient jdbc, String prefix, int steps) {
		System.out.printf("%s%8s %8s %9s %9s  %s%n", prefix, "calls", "plans", "plan ms", "plans/step",
				"statements planned most");
		jdbc.sql("""
				SELECT calls, plans, total_plan_time AS plan_ms, query FROM pg_stat_statements
				WHERE plans > 0 AND query NOT LIKE '%pg_stat%' ORDER BY total_plan_time DESC LIMIT 10""")
			.query()
			.listOfRows()
			.forEach((row) -> System.out.printf("%s%8d %8d %9.1f %9.2f  %s%n", prefix,
					((Number) row.get("calls")).longValue(), ((Number) row.get("plans")).longValue(),
					((Number) row.get("plan_ms")).doubleValue(), ((Number) row.get("plans")).doubleValue() / steps,
					shorten((String) row.get("query"))));
	}

	/**
	 * All statements of the phase, by calls (then plans, milliseconds and text), for
	 * reading beyond the top 15.
	 */
	private static void writeAll(List<String> statements) {
		try {
			Files.write(LOGS.resolve("statements.txt"),
					statements.stream().map((line) -> line.replaceAll("\\s+", " ")).toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> lockWaits() {
		Path log = LOGS.resolve("postgresql.log");
		if (!Files.exists(log)) {
			return List.of();
		}
		try (Stream<String> lines = Files.lines(log)) {
			return lines.filter((line) -> line.contains("still waiting for")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String shorten(String query) {
		String flat = query.replaceAll("\\s+", " ").trim();
		return (flat.length() > 220) ? flat.substring(0, 220) + "…" : flat;
	}

}
