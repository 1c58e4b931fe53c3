package io.bpmnagents.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21's figures measured as users run the product: the model server in a JVM of its
 * own ({@link ModelServerHost}, the app's simulator over HTTP), the node under test in
 * another, started fresh so that its first figures are a real cold start, and people
 * watching throughout ({@link PeopleWatching}: 8 clients reading the current run's view
 * every 200 ms and 10 event streams following it). Everything goes over HTTP as a user's
 * would; the node's CPU is its whole process's ({@code /proc/<pid>/stat} utime + stime).
 * The node's database is an H2 file in its JVM by default;
 * {@code -Dbench.database=h2-mem} or {@code postgres} choose another
 * ({@link NodeDatabase}). PostgreSQL runs apart, as in production, so its CPU is printed
 * on lines of its own and added to the node's.
 * <p>
 * Cold: from the node's process start, the time until it is ready, its first run's wall
 * time against its ideal (a pipeline of 3 at L: 3L), and over the next 30 s at L = 0
 * three-step runs per second and the hand-over median. Warm, after 600 runs at L = 0:
 * three-step runs per second and CPU per agent step, the hand-over, the run view and the
 * transcript of a ten-call run timed by a client, and at L (1 s; 200 ms in quick mode) a
 * pipeline of 3 against 3L and a fan-out of 8 against 2L. Each {@code BENCH} line shows
 * its goal and its ratio to it. Asserts only that every run completed, never a time.
 * <p>
 * {@code ./mvnw -B test -Pbench -Dtest=AsUsersRunItBenchmark [-Dbench.quick=true]
 * [-Dbench.database=h2-file|h2-mem|postgres]}.
 */
class AsUsersRunItBenchmark {

	private static final boolean QUICK = Boolean.getBoolean("bench.quick");

	/** The latency of the model at which the pipeline and fan-out are measured. */
	private static final Duration L = QUICK ? Duration.ofMillis(200) : Duration.ofSeconds(1);

	private static final List<String> EIGHT = List.of("researcher", "developer", "reviewer", "tester", "designer",
			"writer", "editor", "coordinator");

	private static final List<String> TEN = Stream.concat(EIGHT.stream(), Stream.of("analyst", "project-manager"))
		.toList();

	private static final Duration COLD_WINDOW = Duration.ofSeconds(30);

	/** Batches of 5 fan-outs and 5 pipelines, as {@link PerformanceBenchmark}'s. */
	private static final int WARM_UP_BATCHES = 60;

	private static final int CLIENTS = 8;

	private static final int THROUGHPUT_RUNS = 300;

	private static final int READS = QUICK ? 200 : 500;

	private static final Duration START_BOUND = Duration.ofMinutes(3);

	private static final Duration RUN_BOUND = Duration.ofMinutes(5);

	private NodeDatabase database;

	private ApplicationProcess model;

	private ApplicationProcess node;

	private PeopleWatching people;

	@Test
	void aFreshNodeWithItsModelServerApartServesRunsWhilePeopleWatch() throws Exception {
		Path logs = Path.of("target", "as-users-run-it");
		Path data = Files.createTempDirectory("as-users-run-it");
		try {
			this.database = NodeDatabase.start(data);
			print("database", this.database.description(), "", null);
			print("load average at the start (1, 5, 15 min)", loadAverage(), "", null);
			this.model = ApplicationProcess.start(ModelServerHost.class, ApplicationProcess.freePort(),
					List.of("--llm.provider=simulator", "--server.address=127.0.0.1"),
					logs.resolve("model-server.log"));
			this.model.awaitReady(ModelServerHost.INFO, START_BOUND);
			JsonNode server = this.model.get(ModelServerHost.INFO);
			this.model.put(ModelServerHost.WARMED, Map.of("requests", 200));
			latency(L);
			long launched = System.nanoTime();
			this.node = ApplicationProcess.start(ApplicationProcess.freePort(), nodeArguments(server),
					logs.resolve("node.log"));
			this.node.awaitReady(START_BOUND);
			double ready = secondsSince(launched);
			// -Dbench.pollers=0 -Dbench.streams=0 measures the same node with nobody
			// watching,
			// so that what the watchers cost can be told from the rest.
			try (PeopleWatching watching = new PeopleWatching(this.node, Integer.getInteger("bench.pollers", CLIENTS),
					Integer.getInteger("bench.streams", 10))) {
				this.people = watching;
				cold(ready, launched);
				warmUp();
				throughput("warm");
				handover();
				reads();
				latency(L);
				atLatency("sequential-pipeline", Map.of("task", "Pipeline at L"), QUICK ? 5 : 3, 3, Goal.PIPELINE);
				atLatency("parallel-fanout", Map.of("task", "Fan-out at L", "agents", EIGHT), 3, 2, Goal.FAN_OUT);
				print("people watching saw", watching.seen(), "", null);
			}
			assertThat(this.node.get("/api/runs?status=COMPLETED&size=1").path("total").asLong())
				.as("every run the benchmark started COMPLETED")
				.isEqualTo(this.node.get("/api/runs?size=1").path("total").asLong());
			Path file = data.resolve("bpmn-agents.mv.db");
			if (Files.exists(file)) {
				// Against H2's page cache (16 MB unless CACHE_SIZE says otherwise).
				print("the H2 file's size at the end", Files.size(file) / 1e6, "MB", null);
			}
			print("load average at the end (1, 5, 15 min)", loadAverage(), "", null);
		}
		finally {
			if (this.node != null) {
				this.node.stop();
			}
			if (this.model != null) {
				this.model.stop();
			}
			if (this.database != null) {
				this.database.close();
			}
			FileSystemUtils.deleteRecursively(data);
		}
	}

	/**
	 * The node as a user runs it: a new database ({@link NodeDatabase}; by default an H2
	 * file with the default's settings), the model server as an OpenAI-compatible server.
	 * Two allowances are raised for one administrator account playing many people:
	 * failed-login checks in flight (each Basic check takes one before it is checked) and
	 * event streams per person.
	 */
	private List<String> nodeArguments(JsonNode server) {
		List<String> arguments = new ArrayList<>(this.database.nodeArguments());
		arguments.addAll(List.of("--llm.provider=openai", "--llm.base-url=" + server.path("baseUrl").asText(),
				"--llm.api-key=" + server.path("apiKey").asText(), "--bpmn-agents.security.max-login-failures=1000",
				"--bpmn-agents.events.max-per-user=64"));
		return arguments;
	}

	/**
	 * The first run after the start, a pipeline of 3 at L; then 30 s of three-step runs
	 * from 8 clients at L = 0.
	 */
	private void cold(double ready, long launched) throws Exception {
		print("cold: node process start to ready", ready, "s", null);
		String first = start("sequential-pipeline", Map.of("task", "First run"));
		runToCompletion(first, (view) -> {
			double ratio = wallMs(view) / (3.0 * L.toMillis());
			print("cold: first run, pipeline of 3 at L=" + L.toMillis() + "ms, wall / 3L", ratio, "", Goal.PIPELINE);
			whereTheTimeGoes("cold: first run", first, view);
		});
		print("cold: node process start to its first run ended", secondsSince(launched), "s", null);
		latency(Duration.ZERO);
		long started = System.nanoTime();
		List<String> runs = new ArrayList<>();
		while (secondsSince(started) < COLD_WINDOW.toSeconds()) {
			runs.addAll(new BenchClients(this.node.port()).startAll(4 * CLIENTS, CLIENTS, "sequential-pipeline",
					Map.of("task", "Cold"), this.people::follow));
			awaitNoneRunning();
		}
		double seconds = secondsSince(started);
		print("cold: three-step runs per second at L=0 over the first " + Math.round(seconds) + " s after it ("
				+ runs.size() + " runs from " + CLIENTS + " clients)", runs.size() / seconds, "runs/s", Goal.RUNS);
		print("cold: hand-over median of those runs", median(handovers(sample(runs))), "ms", Goal.HANDOVER);
	}

	/** 600 runs at L = 0, as the other latency benchmarks warm up. */
	private void warmUp() throws Exception {
		latency(Duration.ZERO);
		long firstMs = 0;
		long lastMs = 0;
		Duration cpu = this.node.cpuTime();
		for (int batch = 1; batch <= WARM_UP_BATCHES; batch++) {
			long started = System.nanoTime();
			BenchClients clients = new BenchClients(this.node.port());
			clients.startAll(5, 5, "parallel-fanout", Map.of("task", "Warm up", "agents", EIGHT), this.people::follow);
			clients.startAll(5, 5, "sequential-pipeline", Map.of("task", "Warm up"), this.people::follow);
			awaitNoneRunning();
			lastMs = (System.nanoTime() - started) / 1_000_000;
			firstMs = (batch == 1) ? lastMs : firstMs;
		}
		print("warm-up at L=0, " + WARM_UP_BATCHES * 10 + " runs: last batch of 10 in " + lastMs + " ms (first "
				+ firstMs + " ms); the node's CPU in all", this.node.cpuTime().minus(cpu).toMillis() / 1000.0, "s",
				null);
	}

	/**
	 * 300 three-step pipelines from 8 clients at L = 0: runs per second, and the node's
	 * process CPU (whatever its threads did: runs, people's reads and streams, GC, JIT)
	 * per agent step.
	 */
	private void throughput(String phase) throws Exception {
		latency(Duration.ZERO);
		Duration cpu = this.node.cpuTime();
		ProcessTreeCpu.Reading databaseCpu = this.database.apart() ? this.database.cpu() : null;
		long started = System.nanoTime();
		List<String> runs = new BenchClients(this.node.port()).startAll(THROUGHPUT_RUNS, CLIENTS, "sequential-pipeline",
				Map.of("task", "Throughput"), this.people::follow);
		awaitNoneRunning();
		double seconds = secondsSince(started);
		double cpuMs = this.node.cpuTime().minus(cpu).toNanos() / 1e6;
		ProcessTreeCpu.Reading databaseCpuAfter = this.database.apart() ? this.database.cpu() : null;
		long steps = 0;
		for (String run : runs) {
			JsonNode view = this.node.get("/api/runs/" + run);
			assertThat(view.path("status").asText()).as("run %s", run).isEqualTo("COMPLETED");
			steps += view.path("usage").path("calls").asLong();
		}
		assertThat(steps).as("three calls a run").isEqualTo(3L * THROUGHPUT_RUNS);
		String load = " (" + THROUGHPUT_RUNS + " three-step runs from " + CLIENTS + " clients, watched)";
		print(phase + ": three-step runs per second at L=0" + load, THROUGHPUT_RUNS / seconds, "runs/s", Goal.RUNS);
		print(phase + ": CPU per agent step, the node's whole process (" + steps + " steps)", cpuMs / steps, "ms",
				Goal.CPU);
		print(phase + ": three-step runs per second that CPU allows on 2 cores", 2000 / (3 * cpuMs / steps), "runs/s",
				Goal.RUNS);
		if (databaseCpu != null) {
			databaseCpu(phase, databaseCpu, databaseCpuAfter, cpuMs, steps);
		}
		print(phase + ": hand-over median of those runs", median(handovers(sample(runs))), "ms", Goal.HANDOVER);
	}

	/**
	 * The CPU of the database's own processes over a phase, when it runs apart, per step
	 * and with the node's: what the node's process no longer shows. Processes of the
	 * server that ended in the phase are counted through the postmaster
	 * ({@link ProcessTreeCpu}); the line says how many there were.
	 */
	private void databaseCpu(String phase, ProcessTreeCpu.Reading before, ProcessTreeCpu.Reading after,
			double nodeCpuMs, long steps) {
		double databaseMs = after.since(before).toNanos() / 1e6;
		print(phase + ": database's own CPU per agent step, its server's processes (" + after.alive().size()
				+ " alive at the end, " + after.startedSince(before) + " of them new, " + after.endedSince(before)
				+ " ended in the phase, counted by the postmaster's reaped children)", databaseMs / steps, "ms", null);
		print(phase + ": node + database CPU per agent step", (nodeCpuMs + databaseMs) / steps, "ms", Goal.CPU);
		print(phase + ": three-step runs per second that node + database CPU allows on 2 cores",
				2000 / (3 * (nodeCpuMs + databaseMs) / steps), "runs/s", Goal.RUNS);
	}

	/**
	 * Thirty pipelines at L = 0 one after another: one call's end to the next's start.
	 * Both ends are taken on the node (the answer returned by the model client, the next
	 * call's transcript row about to be written), so the model server is not in it. The
	 * same again with nobody following the runs, each awaited by asking every 100 ms
	 * whether any runs: what the node's own work takes, without the looks that its event
	 * stream makes on the same cores after every change.
	 */
	private void handover() throws Exception {
		latency(Duration.ZERO);
		List<String> followed = new ArrayList<>();
		List<String> unfollowed = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String run = start("sequential-pipeline", Map.of("task", "Hand over"));
			runToCompletion(run);
			followed.add(run);
			unfollowed.add(
					this.node
						.post("/api/runs",
								Map.of("process", "sequential-pipeline", "input",
										Map.of("task", "Hand over, unfollowed")))
						.path("id")
						.asText());
			awaitNoneRunning();
		}
		List<Long> handovers = handovers(followed);
		print("warm: hand-over at L=0, one pipeline at a time, watched (median of " + handovers.size() + ")",
				median(handovers), "ms", Goal.HANDOVER);
		List<Long> alone = handovers(unfollowed);
		print("warm: … the same with nobody following the run, awaited by a poll every 100 ms (median of "
				+ alone.size() + ")", median(alone), "ms", Goal.HANDOVER);
	}

	/**
	 * The view and the transcript of a ten-call run, each read {@link #READS} times for
	 * warming up and as many timed: the client's round trip.
	 */
	private void reads() throws Exception {
		latency(Duration.ZERO);
		String run = start("sequential-pipeline", Map.of("task", "Ten calls", "agents", TEN));
		runToCompletion(run);
		timed("GET /api/runs/{id}", "/api/runs/" + run, Goal.VIEW);
		timed("GET /api/runs/{id}/transcript", "/api/runs/" + run + "/transcript", Goal.TRANSCRIPT);
	}

	private void timed(String name, String path, Goal goal) throws Exception {
		for (int i = 0; i < READS; i++) {
			this.node.get(path);
		}
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < READS; i++) {
			long t0 = System.nanoTime();
			this.node.get(path);
			micros.add((System.nanoTime() - t0) / 1000);
		}
		Collections.sort(micros);
		String figure = "warm: " + name + " of a 10-call run, client round trip";
		print(figure + " (median of " + READS + ")", micros.get(micros.size() / 2) / 1000.0, "ms", goal);
		print(figure + " (p95)", micros.get(micros.size() * 95 / 100) / 1000.0, "ms", goal);
	}

	/**
	 * Runs one after another at L: the median of wall ÷ the calls on the critical path.
	 */
	private void atLatency(String process, Map<String, Object> input, int repeats, int callsInARow, Goal goal)
			throws Exception {
		List<Double> ratios = new ArrayList<>();
		Map<Double, String> splits = new HashMap<>();
		for (int i = 0; i < repeats; i++) {
			String run = start(process, input);
			runToCompletion(run, (view) -> {
				double ratio = wallMs(view) / (callsInARow * (double) L.toMillis());
				ratios.add(ratio);
				splits.put(ratio, whereTheTimeGoes(run, view));
			});
		}
		String figure = "warm: " + process + " at L=" + L.toMillis() + "ms";
		print(figure + ", wall / " + callsInARow + "L (median of " + repeats + ", watched)", median(ratios), "", goal);
		print(figure + ", where the time goes in the median run", splits.get(median(ratios)), "", null);
	}

	private String start(String process, Map<String, Object> input) throws Exception {
		String run = this.node.post("/api/runs", Map.of("process", process, "input", input)).path("id").asText();
		this.people.follow(run);
		return run;
	}

	private void runToCompletion(String run) throws Exception {
		runToCompletion(run, (view) -> {
		});
	}

	/**
	 * Follows the run's event stream to its end, as a person would, and checks that it
	 * completed.
	 */
	private void runToCompletion(String run, ViewCheck check) throws Exception {
		try (Stream<String> events = this.node.lines("/api/runs/" + run + "/events")) {
			events.forEach((line) -> {
			});
		}
		JsonNode view = this.node.get("/api/runs/" + run);
		assertThat(view.path("status").asText()).as("run %s: %s", run, view).isEqualTo("COMPLETED");
		check.check(view);
	}

	/** Until the node has no run RUNNING, asked ten times a second. */
	private void awaitNoneRunning() throws Exception {
		long deadline = System.nanoTime() + RUN_BOUND.toNanos();
		while (this.node.get("/api/runs?status=RUNNING&size=1").path("total").asLong() > 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Runs still RUNNING after " + RUN_BOUND);
			}
			Thread.sleep(100);
		}
	}

	/** From each run's transcript: each call's start less the previous call's end. */
	private List<Long> handovers(List<String> runs) throws Exception {
		List<Long> gaps = new ArrayList<>();
		for (String run : runs) {
			List<JsonNode> calls = new ArrayList<>();
			this.node.get("/api/runs/" + run + "/transcript").forEach(calls::add);
			for (int c = 1; c < calls.size(); c++) {
				gaps.add(Duration
					.between(Instant.parse(calls.get(c - 1).path("endedAt").asText()),
							Instant.parse(calls.get(c).path("startedAt").asText()))
					.toMillis());
			}
		}
		return gaps;
	}

	private void whereTheTimeGoes(String figure, String run, JsonNode view) throws Exception {
		print(figure + ", where the time goes", whereTheTimeGoes(run, view), "", null);
	}

	/**
	 * A run's time beyond its calls' L, wave by wave: a wave is the calls that overlap (a
	 * pipeline's are one call each, a fan-out's first is its eight). For each wave, the
	 * time from the previous wave's last answer (the run's start for the first) to its
	 * first call, the spread of its calls' starts, and its slowest call beyond L; then
	 * the last answer to the run's end. Summed, they are the run's wall less its waves'
	 * L.
	 */
	private String whereTheTimeGoes(String run, JsonNode view) throws Exception {
		List<Instant[]> calls = new ArrayList<>();
		for (JsonNode call : this.node.get("/api/runs/" + run + "/transcript")) {
			calls.add(new Instant[] { Instant.parse(call.path("startedAt").asText()),
					Instant.parse(call.path("endedAt").asText()) });
		}
		calls.sort((a, b) -> a[0].compareTo(b[0]));
		List<String> parts = new ArrayList<>();
		Instant last = Instant.parse(view.path("startedAt").asText());
		int i = 0;
		while (i < calls.size()) {
			Instant first = calls.get(i)[0];
			Instant lastSent = first;
			Instant answered = calls.get(i)[1];
			long slowest = Long.MIN_VALUE;
			int size = 0;
			for (; i < calls.size() && calls.get(i)[0].isBefore(answered); i++, size++) {
				lastSent = calls.get(i)[0];
				answered = answered.isAfter(calls.get(i)[1]) ? answered : calls.get(i)[1];
				slowest = Math.max(slowest, Duration.between(calls.get(i)[0], calls.get(i)[1]).toMillis());
			}
			parts.add(Duration.between(last, first).toMillis()
					+ " ms to the call" + ((size > 1)
							? ", " + Duration.between(first, lastSent).toMillis() + " ms to the last of " + size : "")
					+ ", " + (slowest - L.toMillis()) + " ms beyond L");
			last = answered;
		}
		parts.add(Duration.between(last, Instant.parse(view.path("endedAt").asText())).toMillis() + " ms to the end");
		return String.join("; ", parts);
	}

	/** At most 60 runs spread evenly over {@code runs}, whose transcripts are read. */
	private static List<String> sample(List<String> runs) {
		int step = Math.max(1, runs.size() / 60);
		List<String> sample = new ArrayList<>();
		for (int i = 0; i < runs.size(); i += step) {
			sample.add(runs.get(i));
		}
		return sample;
	}

	private void latency(Duration latency) throws Exception {
		this.model.put(ModelServerHost.LATENCY, Map.of("millis", latency.toMillis()));
	}

	private static double wallMs(JsonNode view) {
		return Duration
			.between(Instant.parse(view.path("startedAt").asText()), Instant.parse(view.path("endedAt").asText()))
			.toMillis();
	}

	private static <T extends Comparable<T>> T median(List<T> values) {
		List<T> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	private static double secondsSince(long nanoTime) {
		return (System.nanoTime() - nanoTime) / 1e9;
	}

	private static String loadAverage() throws Exception {
		Path file = Path.of("/proc/loadavg");
		return Files.exists(file) ? String.join(", ", List.of(Files.readString(file).split(" ")).subList(0, 3))
				: "unknown";
	}

	/**
	 * One of issue 21's goals: the most ({@code atMost}) or the least a figure may be.
	 */
	private record Goal(double value, boolean atMost, String unit) {

		static final Goal CPU = new Goal(5, true, "ms");

		static final Goal RUNS = new Goal(130, false, "runs/s");

		static final Goal HANDOVER = new Goal(5, true, "ms");

		static final Goal VIEW = new Goal(2, true, "ms");

		static final Goal TRANSCRIPT = new Goal(3, true, "ms");

		static final Goal FAN_OUT = new Goal(1.015, true, "");

		static final Goal PIPELINE = new Goal(1.007, true, "");

		String describe(double figure) {
			String bound = (this.atMost ? "≤ " : "≥ ")
					+ BigDecimal.valueOf(this.value).stripTrailingZeros().toPlainString()
					+ (this.unit.isEmpty() ? "" : " " + this.unit);
			boolean met = this.atMost ? figure <= this.value : figure >= this.value;
			return String.format(Locale.ROOT, " ratio to goal=%.3f (goal %s, %s)", figure / this.value, bound,
					met ? "met" : "not met");
		}

	}

	/**
	 * One figure, its line naming the database ({@code [H2, …]} for the default, as
	 * before there was a choice).
	 */
	private void print(String figure, Object value, String unit, Goal goal) {
		String shown = (value instanceof Double d) ? String.format(Locale.ROOT, "%.3f", d) : value.toString();
		String against = (goal != null && value instanceof Number n) ? goal.describe(n.doubleValue()) : "";
		System.out.printf("BENCH [%s, model server and people apart] %s = %s%s%s%n", this.database.label(), figure,
				shown, unit.isEmpty() ? "" : " " + unit, against);
	}

	@FunctionalInterface
	private interface ViewCheck {

		void check(JsonNode view) throws Exception;

	}

}
