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
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.awaitility.Awaitility.await;

/**
 * Heap and database growth per run: three-agent pipelines at L = 0 on an H2 file
 * database, measured after a warm-up. Subclasses set the history level. Prints, asserts
 * nothing but that the runs completed.
 */
abstract class FootprintBenchmark {

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@Autowired
	JdbcClient jdbc;

	/** Empties the folder and returns the URL of a new H2 file database in it. */
	static String freshH2File(Path folder) {
		try {
			if (Files.exists(folder)) {
				try (Stream<Path> files = Files.list(folder)) {
					for (Path file : files.toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "jdbc:h2:file:" + folder.toAbsolutePath().resolve("db");
	}

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
		runMany(runs() / 2);
		long heapHalf = usedHeapAfterGc();
		runMany(runs() - runs() / 2);
		long heapAfter = usedHeapAfterGc();
		long diskAfter = databaseBytes();
		System.out.printf(
				"BENCH footprint, history %s: used heap after gc (whole test JVM) after 50 warm-up runs = %.1f MB, "
						+ "after %d more = %.1f MB, after %d more = %.1f MB%n",
				label(), heapBefore / 1e6, runs() / 2, heapHalf / 1e6, runs(), heapAfter / 1e6);
		System.out.printf("BENCH footprint, history %s: %s growth per run (3 agent calls) = %.1f KB%n", label(),
				database(), (diskAfter - diskBefore) / 1024.0 / runs());
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
