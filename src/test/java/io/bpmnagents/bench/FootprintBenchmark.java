package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Heap and database growth per run: three-agent pipelines at L = 0 on an H2 file
 * database, measured after a warm-up; then what is left once the runs' history is deleted
 * and the history cleanup job has run, and the growth per run of as many runs again, each
 * cleaned up likewise. Subclasses set the history level. Prints, asserts nothing but that
 * the runs completed and were cleaned up.
 */
abstract class FootprintBenchmark {

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HistoryService history;

	abstract String label();

	abstract int runs();

	/** The folder of the H2 file database, for {@link #databaseBytes()}. */
	Path databaseFolder() {
		throw new UnsupportedOperationException("Not an H2 file database");
	}

	/** What the database takes: "H2 database file" or "PostgreSQL database". */
	String database() {
		return "H2 database file";
	}

	@Test
	void heapAndDatabaseGrowthPerRun() throws Exception {
		this.simulator.latency(Duration.ZERO);
		runMany(50);
		long heapBefore = usedHeapAfterGc();
		long diskBefore = databaseBytes();
		long liveBefore = liveBytes();
		Map<String, Long> partsBefore = partBytes();
		runMany(runs() / 2);
		long heapHalf = usedHeapAfterGc();
		runMany(runs() - runs() / 2);
		long heapAfter = usedHeapAfterGc();
		long diskAfter = databaseBytes();
		long liveAfter = liveBytes();
		Map<String, Long> partsAfter = partBytes();
		System.out.printf(
				"BENCH footprint, history %s: used heap after gc (whole test JVM) after 50 warm-up runs = %.1f MB, "
						+ "after %d more = %.1f MB, after %d more = %.1f MB%n",
				label(), heapBefore / 1e6, runs() / 2, heapHalf / 1e6, runs(), heapAfter / 1e6);
		System.out.printf("BENCH footprint, history %s: %s growth per run (3 agent calls) = %.1f KB%s%n", label(),
				database(), perRun(diskAfter - diskBefore, runs()), live(liveAfter, liveBefore, runs()));
		if (!partsAfter.isEmpty()) {
			System.out.printf("BENCH footprint, history %s: growth per run%s, with indexes and TOAST%n", label(),
					byPart(partsAfter, partsBefore, runs()));
		}

		// The runs' history removed (as the time to live or a delete in Cockpit does),
		// then the engine's cleanup job with the app's step for its own tables.
		long cleanupMillis = cleanUpEveryFinishedRun();
		long diskCleaned = databaseBytes();
		long liveCleaned = liveBytes();
		System.out.printf(
				"BENCH footprint, history %s: history of all %d runs deleted, then the cleanup job: rows left %s; "
						+ "job until the app's rows were gone %d ms; %s change per run = %.1f KB%s%n",
				label(), 50 + runs(), rowsLeft(), cleanupMillis, database(),
				perRun(diskCleaned - diskAfter, 50 + runs()), live(liveCleaned, liveAfter, 50 + runs()));
		// As in operation: runs come and are cleaned up after they end, over and over;
		// the database grows only by what it does not reuse of the space freed.
		long diskCycle = diskCleaned;
		long liveCycle = liveCleaned;
		Map<String, Long> partsCycle = partBytes();
		for (int cycle = 1; cycle <= 3; cycle++) {
			runMany(runs() / 2);
			cleanUpEveryFinishedRun();
			long disk = databaseBytes();
			long live = liveBytes();
			Map<String, Long> parts = partBytes();
			System.out.printf(
					"BENCH footprint, history %s: cycle %d: %d more runs, then their history deleted and the cleanup "
							+ "job: %s growth per run = %.1f KB%s%s; rows left %s%n",
					label(), cycle, runs() / 2, database(), perRun(disk - diskCycle, runs() / 2),
					live(live, liveCycle, runs() / 2), byPart(parts, partsCycle, runs() / 2), rowsLeft());
			diskCycle = disk;
			liveCycle = live;
			partsCycle = parts;
		}
		Duration retention = freedSpaceRetention();
		if (!retention.isZero()) {
			// H2 writes over a freed chunk only once it is older than its retention time:
			// cycles closer together than that only add to the file. A node's runs come
			// over hours, so one more cycle after a pause shows whether the file levels.
			Thread.sleep(retention.plusSeconds(5).toMillis());
			runMany(runs() / 2);
			cleanUpEveryFinishedRun();
			long disk = databaseBytes();
			System.out.printf(
					"BENCH footprint, history %s: cycle 4, after a pause longer than H2's %d s chunk retention: %s "
							+ "growth per run = %.1f KB (file %.1f MB; %.1f MB after cycle 3, %.1f MB after the first "
							+ "cleanup)%n",
					label(), retention.toSeconds(), database(), perRun(disk - diskCycle, runs() / 2), disk / 1e6,
					diskCycle / 1e6, diskCleaned / 1e6);
		}
	}

	/**
	 * How long the database keeps space freed by deleted rows before it may reuse it:
	 * H2's {@code RETENTION_TIME}, 45 s by default. PostgreSQL reuses it after a vacuum.
	 */
	Duration freedSpaceRetention() {
		return Duration.ofSeconds(45);
	}

	private static String byPart(Map<String, Long> after, Map<String, Long> before, int runs) {
		if (after.isEmpty()) {
			return "";
		}
		StringBuilder parts = new StringBuilder();
		after.forEach((part, bytes) -> parts
			.append(String.format(", %s %.1f KB", part, perRun(bytes - before.getOrDefault(part, 0L), runs))));
		return " (by tables:" + parts.substring(1) + ")";
	}

	private static double perRun(long bytes, int runs) {
		return bytes / 1024.0 / runs;
	}

	/**
	 * The change of live data per run, where the database says how much of it is live.
	 */
	private static String live(long after, long before, int runs) {
		return (after < 0 || before < 0) ? "" : String.format(" (live data %.1f KB)", perRun(after - before, runs));
	}

	/**
	 * Deletes the history of every finished run (and of the processes they called), then
	 * starts the engine's history cleanup job by hand and waits until its step has
	 * removed the runs' rows from the app's tables.
	 * @return milliseconds from starting the job until the app's tables were empty
	 */
	private long cleanUpEveryFinishedRun() {
		List<String> finished = this.history.createHistoricProcessInstanceQuery()
			.finished()
			.list()
			.stream()
			.map((instance) -> instance.getId())
			.toList();
		for (int from = 0; from < finished.size(); from += 500) {
			this.history
				.deleteHistoricProcessInstancesBulk(finished.subList(from, Math.min(finished.size(), from + 500)));
		}
		long started = System.nanoTime();
		this.history.cleanUpHistoryAsync(true);
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> APP_TABLES.stream().allMatch((table) -> count(table) == 0));
		long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
		reclaim();
		return millis;
	}

	private static final List<String> APP_TABLES = List.of("agent_call", "tool_call", "run_workspace", "run_input");

	private static final List<String> HISTORY_TABLES = List.of("ACT_HI_PROCINST", "ACT_HI_ACTINST", "ACT_HI_VARINST",
			"ACT_HI_DETAIL", "ACT_HI_TASKINST", "ACT_HI_EXT_TASK_LOG", "ACT_HI_JOB_LOG");

	/**
	 * Rows in the app's tables and the engine's main history tables, all runs having
	 * ended.
	 */
	private Map<String, Long> rowsLeft() {
		Map<String, Long> rows = new java.util.LinkedHashMap<>();
		for (String table : APP_TABLES) {
			rows.put(table, count(table));
		}
		for (String table : HISTORY_TABLES) {
			rows.put(table, count(table));
		}
		return rows;
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
	}

	/**
	 * What the app's tables, the engine's history and runtime tables and the rest take,
	 * where the database says; empty otherwise.
	 */
	Map<String, Long> partBytes() {
		return Map.of();
	}

	/**
	 * Lets the database reuse the space of deleted rows, as it would on its own in time.
	 */
	void reclaim() {
	}

	private void runMany(int runs) throws Exception {
		ExecutorService clients = Executors.newFixedThreadPool(8);
		try {
			List<Future<String>> started = new ArrayList<>();
			for (int i = 0; i < runs; i++) {
				started.add(clients.submit(() -> this.api.start("sequential-pipeline", Map.of("task", "Footprint"))));
			}
			for (Future<String> id : started) {
				String run = id.get();
				await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> completed(run));
			}
		}
		finally {
			clients.shutdown();
		}
	}

	private boolean completed(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ID_ = :id AND STATE_ = 'COMPLETED'")
			.param("id", id)
			.query(Integer.class)
			.single() > 0;
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * The data H2 still needs of its file after {@link #databaseBytes()}: the file's size
	 * times the share of its chunks that is live. Its file grows by rewritten chunks and
	 * shrinks only when compacted, so this is what the runs take.
	 */
	long liveBytes() {
		Map<String, String> info = new java.util.HashMap<>();
		this.jdbc
			.sql("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN "
					+ "('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")
			.query((rs) -> {
				info.put(rs.getString(1), rs.getString(2));
			});
		return Long.parseLong(info.get("info.FILE_SIZE")) * Long.parseLong(info.get("info.CHUNKS_FILL_RATE")) / 100;
	}

	/** The database files' size once H2 has written everything out. */
	long databaseBytes() {
		this.jdbc.sql("CHECKPOINT SYNC").update();
		try (Stream<Path> files = Files.list(databaseFolder())) {
			return files.mapToLong((file) -> {
				try {
					return Files.size(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).sum();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
