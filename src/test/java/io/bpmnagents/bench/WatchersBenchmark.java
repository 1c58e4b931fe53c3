package io.bpmnagents.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.RequestCpu;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What people watching runs cost (issue 21, BENCHMARKS.md "People watching runs"): the
 * run view and the transcript of a ten-call run, read by the administrator over HTTP
 * (Basic authentication), each as the client's round trip and as the server's request
 * thread's wall and CPU time; and the hand-over between two agent steps at L = 0 with
 * nobody watching and with eight clients each reading the run's view every 200 ms. Prints
 * {@code BENCH} lines with their goals; asserts no time. Run alone with
 * {@code mvn -B test -Pbench -Dtest=WatchersBenchmark}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:bench-watchers;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				"camunda.bpm.process-engine-name=benchWatchers" })
@Import({ ApiClient.class, RequestCpu.class })
class WatchersBenchmark {

	private static final List<String> TEN_AGENTS = List.of("researcher", "developer", "reviewer", "tester", "designer",
			"writer", "editor", "coordinator", "analyst", "project-manager");

	private static final int WARM_UP_RUNS = 200;

	private static final int READS = 500;

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@Autowired
	RequestCpu cpu;

	@Autowired
	JdbcClient jdbc;

	@Test
	void watchersTable() throws Exception {
		this.simulator.latency(Duration.ZERO);
		for (int i = 0; i < WARM_UP_RUNS; i++) {
			this.api.runToCompletion("sequential-pipeline", Map.of("task", "Warm up"));
		}
		String run = this.api.runToCompletion("sequential-pipeline", Map.of("task", "Watch", "agents", TEN_AGENTS))
			.id();
		reads("GET /api/runs/{id}", "/api/runs/" + run, "≤ 2 ms");
		reads("GET /api/runs/{id}/transcript", "/api/runs/" + run + "/transcript", "≤ 3 ms");
		handovers("nobody watching", 0);
		handovers("8 clients each reading the run view every 200 ms", 8);
	}

	/** Reads a view READS times after as many for warming up: medians of each cost. */
	private void reads(String name, String path, String goal) {
		for (int i = 0; i < READS; i++) {
			this.api.get(path);
		}
		this.cpu.reset();
		List<Long> roundTrips = new ArrayList<>();
		for (int i = 0; i < READS; i++) {
			long t0 = System.nanoTime();
			this.api.get(path);
			roundTrips.add(System.nanoTime() - t0);
		}
		List<RequestCpu.Cost> server = this.cpu.of("GET", path);
		print(name + " of a 10-call run, client round trip (median of " + READS + ")", median(roundTrips, (n) -> n),
				goal);
		print("  server request thread, wall (median)", median(server, RequestCpu.Cost::wallNanos), goal);
		print("  server request thread, CPU (median)", median(server, RequestCpu.Cost::cpuNanos), "");
	}

	/**
	 * Thirty three-step pipelines at L = 0, one after the other, while {@code watchers}
	 * clients each read the view of the run going on every 200 ms: one call's end to the
	 * next call's start, as the transcript records them.
	 */
	private void handovers(String watching, int watchers) throws Exception {
		AtomicReference<String> current = new AtomicReference<>();
		AtomicBoolean done = new AtomicBoolean();
		ExecutorService clients = Executors.newFixedThreadPool(Math.max(1, watchers));
		for (int i = 0; i < watchers; i++) {
			clients.submit(() -> {
				while (!done.get()) {
					String id = current.get();
					if (id != null) {
						this.api.get("/api/runs/" + id);
					}
					Thread.sleep(200);
				}
				return null;
			});
		}
		List<Long> gaps = new ArrayList<>();
		List<RequestCpu.Cost> reads = new ArrayList<>();
		try (FlightRecording recording = (watchers > 0) ? FlightRecording.startIfAsked() : null) {
			for (int i = 0; i < 30; i++) {
				String id = this.api.start("sequential-pipeline", Map.of("task", "Hand over"));
				current.set(id);
				this.api.awaitEnd(id);
				gaps.addAll(gaps(id));
				reads.addAll(this.cpu.of("GET", "/api/runs/" + id));
			}
		}
		finally {
			done.set(true);
			clients.shutdown();
			clients.awaitTermination(1, TimeUnit.MINUTES);
		}
		print("handover at L=0, " + watching + " (median of " + gaps.size() + ")",
				median(gaps, (millis) -> millis * 1_000_000), "≤ 5 ms");
		if (!reads.isEmpty()) {
			// Most of these reads find the run going on: what a page following it costs.
			print("  server request thread, CPU of a view of the current run (median of " + reads.size() + ")",
					median(reads, RequestCpu.Cost::cpuNanos), "");
		}
	}

	private List<Long> gaps(String runId) {
		List<long[]> calls = this.jdbc
			.sql("SELECT started_at, ended_at FROM agent_call WHERE run_id = :run AND response IS NOT NULL "
					+ "ORDER BY started_at, seq")
			.param("run", runId)
			.query((rs, n) -> new long[] { rs.getTimestamp(1).getTime(), rs.getTimestamp(2).getTime() })
			.list();
		List<Long> gaps = new ArrayList<>();
		for (int c = 1; c < calls.size(); c++) {
			gaps.add(calls.get(c)[0] - calls.get(c - 1)[1]);
		}
		return gaps;
	}

	private static <T> double median(List<T> values, ToLongFunction<T> nanos) {
		List<Long> sorted = new ArrayList<>(values.stream().map(nanos::applyAsLong).toList());
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2) / 1e6;
	}

	private static void print(String figure, double millis, String goal) {
		System.out.printf("BENCH [H2] %s = %.3f ms%s%n", figure, millis, goal.isEmpty() ? "" : " (goal " + goal + ")");
	}

}
