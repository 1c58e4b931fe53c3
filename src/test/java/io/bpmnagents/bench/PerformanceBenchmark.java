package io.bpmnagents.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.InputCheck;
import io.bpmnagents.contract.RunsProperties;
import io.bpmnagents.llm.ModelClient;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.transcript.ChatTurn;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The figures of the performance table (issue 9, BENCHMARKS.md), each printed as one
 * {@code BENCH} line with its ratio to the ideal. The built-in simulator answers over
 * real HTTP through the OpenAI client; its latency L is changed between figures. Not part
 * of {@code mvn verify}; run with {@code mvn -B test -Pbench}. Prints, asserts no time:
 * it only checks that every run completed, so a figure is never taken from failed runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				// The simulator sleeps on a request thread; it must not be the cap on
				// calls
				// in flight that the benchmark measures.
				"server.tomcat.threads.max=600", "server.tomcat.max-connections=2000",
				"server.tomcat.accept-count=1000", "simulator.latency=300ms",
				// Each attempt takes a failure from the allowance until its password is
				// checked: 8 clients of one user at once, on a loaded machine, were
				// refused with 429 at the default of 5.
				"bpmn-agents.security.max-login-failures=64" })
@Import({ ApiClient.class, StepCpu.SimulatorCpu.class })
class PerformanceBenchmark {

	private static final List<String> ALL = List.of("researcher", "developer", "reviewer", "tester", "designer",
			"writer", "editor", "coordinator");

	/** Batches of 5 fan-outs and 5 pipelines: about 30 s here. */
	private static final int WARM_UP_BATCHES = 60;

	/** The engine floor's runs with and without the collected list take turns. */
	private static final int FLOOR_TURNS = 3;

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProcessEngine engine;

	@Autowired
	Contracts contracts;

	@Autowired
	AgentRegistry agents;

	@Autowired
	RunsProperties runsProperties;

	@Autowired
	ModelClient models;

	@LocalServerPort
	int port;

	/**
	 * One method, so the order is fixed: the cold figure needs the first calls after
	 * start.
	 */
	@Test
	void performanceTable() throws Exception {
		// -Dbench.quick=true: the latency figures only, in about a minute, for trying a
		// change; the full table needs the cold start and the 200-run figures.
		// -Dbench.cpu=true: the CPU per step alone, after the warm-up, for cutting it,
		// and the engine's floor under it.
		// -Dbench.handover=true: the hand-over at several L, and the engine's floor
		// under a pipeline's wall beyond its calls.
		if (Boolean.getBoolean("bench.handover")) {
			warmUp();
			handoverByLatency();
			return;
		}
		if (Boolean.getBoolean("bench.cpu")) {
			warmUp();
			engineFloor(cpuPerStep());
			return;
		}
		if (Boolean.getBoolean("bench.quick")) {
			warmUp();
			cpuPerStep();
			handover();
			sequential(Duration.ofMillis(200), 5);
			fanOut();
			return;
		}
		coldFirstCalls();
		warmUp();
		fanOut();
		sequential(Duration.ofSeconds(1), 3);
		sequential(Duration.ofMillis(200), 5);
		handover();
		StepCpu.Phase cpu = cpuPerStep();
		runsPerSecond();
		manyRunsAtOnce(2000);
		// Longer than starting 200 runs takes here: shows the node's ceiling of calls in
		// flight apart from how fast the API starts runs.
		manyRunsAtOnce(10_000);
		// Last: its runs must not weigh on the figures above.
		engineFloor(cpu);
	}

	/** Fan-out of 4 at L = 300 ms as the very first run: mean call latency ÷ L. */
	private void coldFirstCalls() {
		Duration latency = latency(300);
		String id = start("parallel-fanout", Map.of("task", "Cold start", "agents", ALL.subList(0, 4)));
		awaitCompleted(id);
		List<Call> calls = calls(id).subList(0, 4);
		double mean = calls.stream().mapToLong((call) -> call.latencyMs).average().orElseThrow();
		print("cold first calls, fan-out of 4 at L=300ms: mean call latency", mean, "ms", mean / latency.toMillis(),
				"≤ 1.20");
	}

	/**
	 * Runs 600 fan-outs and pipelines at L = 0 before the figures are taken, so that they
	 * show the steady state a node serving runs is in (the cold figure is taken apart).
	 * The 40 runs this used to be left the JIT compiler compiling about a core's worth
	 * through the measured runs, and their figures depended on how far it had got: each
	 * batch of 10 runs took 2.2 s at first, 0.6 s after 60 runs and settled near 0.37 s
	 * after about 400. The line it prints says how much the compiler still did in the
	 * last batch.
	 */
	private void warmUp() {
		latency(0);
		CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
		long firstBatchMs = 0;
		long lastBatchMs = 0;
		long lastBatchCompileMs = 0;
		for (int batch = 1; batch <= WARM_UP_BATCHES; batch++) {
			long compiledBefore = compileMs(jit);
			long started = System.nanoTime();
			for (int i = 0; i < 5; i++) {
				awaitCompleted(start("parallel-fanout", Map.of("task", "Warm up", "agents", ALL)));
				awaitCompleted(start("sequential-pipeline", Map.of("task", "Warm up")));
			}
			lastBatchMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
			lastBatchCompileMs = compileMs(jit) - compiledBefore;
			firstBatchMs = (batch == 1) ? lastBatchMs : firstBatchMs;
		}
		print(String.format(
				"warm-up at L=0, %d runs: last batch of 10 in %d ms (first: %d ms), JIT compile time in it %d ms",
				WARM_UP_BATCHES * 10, lastBatchMs, firstBatchMs, lastBatchCompileMs), WARM_UP_BATCHES * 10, "runs", 0,
				"");
	}

	/** The JIT's compile time so far; 0 where there is no compiler (-Xint). */
	private static long compileMs(CompilationMXBean jit) {
		return (jit != null && jit.isCompilationTimeMonitoringSupported()) ? jit.getTotalCompilationTime() : 0;
	}

	/** Fan-out of 8 plus synthesis at L = 1 s: wall ÷ 2L; and the synthesis handover. */
	private void fanOut() {
		Duration latency = latency(1000);
		List<Double> ratios = new ArrayList<>();
		List<Long> gaps = new ArrayList<>();
		List<Long> toLastCompletion = new ArrayList<>();
		List<Long> toSynthesisTask = new ArrayList<>();
		List<Long> toSynthesisCall = new ArrayList<>();
		List<Long> toWaveSent = new ArrayList<>();
		List<Long> waveOverL = new ArrayList<>();
		List<Long> synthesisOverL = new ArrayList<>();
		List<Long> toRunEnd = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String id = start("parallel-fanout", Map.of("task", "Benchmark the fan-out", "agents", ALL));
			RunTimes run = awaitCompleted(id);
			ratios.add(wallMs(run) / (2.0 * latency.toMillis()));
			List<Call> calls = calls(id);
			Call synthesis = calls.get(calls.size() - 1);
			List<Call> wave = calls.subList(0, calls.size() - 1);
			long lastAnswer = wave.stream().mapToLong((call) -> call.endedAt.toEpochMilli()).max().orElseThrow();
			toWaveSent.add(wave.stream().mapToLong((call) -> call.startedAt.toEpochMilli()).max().orElseThrow()
					- run.started.toEpochMilli());
			waveOverL.add(wave.stream().mapToLong((call) -> call.latencyMs).max().orElseThrow() - latency.toMillis());
			synthesisOverL.add(synthesis.latencyMs - latency.toMillis());
			toRunEnd.add(run.ended.toEpochMilli() - synthesis.endedAt.toEpochMilli());
			gaps.add(synthesis.startedAt.toEpochMilli() - lastAnswer);
			long lastCompletion = activities(id, "Task_Answer").stream()
				.mapToLong((activity) -> activity.endedAt.toEpochMilli())
				.max()
				.orElseThrow();
			long synthesisTask = activities(id, "Task_Synthesize").get(0).startedAt.toEpochMilli();
			toLastCompletion.add(lastCompletion - lastAnswer);
			toSynthesisTask.add(synthesisTask - lastCompletion);
			toSynthesisCall.add(synthesis.startedAt.toEpochMilli() - synthesisTask);
		}
		print("parallel-fanout 8 agents + synthesis at L=1s: wall / 2L (median of 3)", median(ratios), "", 0, "≤ 1.02");
		print("parallel-fanout at L=1s, where the time beyond 2L goes: run start to the wave's last call sent (median)",
				median(toWaveSent), "ms", 0, "");
		print("  the wave's slowest call beyond L: HTTP, client and simulator (median)", median(waveOverL), "ms", 0,
				"");
		print("  the synthesis call beyond L (median)", median(synthesisOverL), "ms", 0, "");
		print("  synthesis answer to run end: completion, approval check, end (median)", median(toRunEnd), "ms", 0, "");
		print("parallel-fanout at L=1s: last answer to synthesis call (median)", median(gaps), "ms", 0, "");
		print("  of which: last answer to its task completed (median)", median(toLastCompletion), "ms", 0, "");
		print("  of which: last task completed to synthesis task created: the join (median)", median(toSynthesisTask),
				"ms", 0, "");
		print("  of which: synthesis task created to its call sent (median)", median(toSynthesisCall), "ms", 0, "");
	}

	/** Three agents one after another: wall ÷ 3L. */
	private void sequential(Duration l, int repeats) {
		Duration latency = latency((int) l.toMillis());
		List<Double> ratios = new ArrayList<>();
		List<Long> toFirstCall = new ArrayList<>();
		List<Long> callsOverL = new ArrayList<>();
		List<Long> handovers = new ArrayList<>();
		List<Long> toEnd = new ArrayList<>();
		for (int i = 0; i < repeats; i++) {
			String id = start("sequential-pipeline", Map.of("task", "Benchmark the pipeline"));
			RunTimes run = awaitCompleted(id);
			ratios.add(wallMs(run) / (3.0 * latency.toMillis()));
			List<Call> calls = calls(id);
			toFirstCall.add(calls.get(0).startedAt.toEpochMilli() - run.started.toEpochMilli());
			callsOverL.add(calls.stream().mapToLong((call) -> call.latencyMs - latency.toMillis()).sum());
			long gaps = 0;
			for (int c = 1; c < calls.size(); c++) {
				gaps += calls.get(c).startedAt.toEpochMilli() - calls.get(c - 1).endedAt.toEpochMilli();
			}
			handovers.add(gaps);
			toEnd.add(run.ended.toEpochMilli() - calls.get(calls.size() - 1).endedAt.toEpochMilli());
		}
		String figure = "sequential-pipeline 3 agents at L=" + l.toMillis() + "ms";
		print(figure + ": wall / 3L (median of " + repeats + ")", median(ratios), "", 0,
				(l.toMillis() >= 1000) ? "≤ 1.01" : "≤ 1.05");
		print("  where the time beyond 3L goes: run start to first call (median)", median(toFirstCall), "ms", 0, "");
		print("  the three calls beyond L, together: HTTP, client and simulator (median)", median(callsOverL), "ms", 0,
				"");
		print("  the two handovers between calls, together (median)", median(handovers), "ms", 0, "");
		print("  last answer to run end: completion, approval check, end (median)", median(toEnd), "ms", 0, "");
	}

	/**
	 * L = 0: from one call's end to the next call's start, as the transcript records them
	 * (millisecond timestamps).
	 */
	private void handover() {
		handoverStarts();
		handoverEnded(handover(0, 30, "≤ 5 ms").steps());
	}

	/**
	 * The hand-over at several L, one pipeline at a time: whether a node that waits L for
	 * each answer hands over as fast as one that never waits
	 * ({@code -Dbench.handover=true}), and the engine's floor under the part of a
	 * pipeline's wall that is not its calls.
	 */
	private void handoverByLatency() throws Exception {
		for (int l : new int[] { 0, 20, 100, 300, 1000 }) {
			handover(l, (l >= 300) ? 10 : 20, "");
		}
		EngineFloor floor = newEngineFloor();
		floor.deploy();
		floor.drive(WARM_UP_BATCHES * 10, true);
		// In turns, so that what else this shared machine does weighs on all three alike.
		EngineFloor.OneAtATime alone = new EngineFloor.OneAtATime();
		List<Double> calls = new ArrayList<>();
		List<Double> beyond = new ArrayList<>();
		for (int turn = 0; turn < 30; turn++) {
			beyond.addAll(handover(0, 1, null).beyond());
			floor.oneAtATime(1, alone);
			calls.addAll(modelCallsAlone(3));
		}
		double engine = median(alone.walls());
		double call = median(calls);
		double product = median(beyond);
		print("engine floor: a three-step run one at a time, start to end, Camunda alone (median of 30)", engine, "ms",
				0, "");
		print("  of which its start (median)", median(alone.starts()), "ms", 0, "");
		print("  of which a middle step: fetch and lock, complete (median)", median(alone.steps()), "ms", 0, "");
		print("  of which the last step: fetch and lock, complete, approval call, end (median)", median(alone.lasts()),
				"ms", 0, "");
		print("a model call at L=0 through the app's model client alone: no engine, no transcript (median of 90)", call,
				"ms", 0, "");
		print("the product's pipeline at L=0 one at a time, its wall beyond its calls' L (median of 30), over the floor "
				+ "and " + "three calls alone", product, "ms", product / (engine + 3 * call), "");
		print("  so on this engine a pipeline of 3 at L=1s takes at least (wall / 3L)", 1 + (engine + 3 * call) / 3000,
				"", 0, "issue 21: ≤ 1.007");
		// At L = 1 s, where a node waits for each answer: the floor with the model
		// client's
		// call in each step, against the product, in turns.
		latency(1000);
		EngineFloor.OneAtATime floorAtL = new EngineFloor.OneAtATime();
		List<Double> productAtL = new ArrayList<>();
		for (int turn = 0; turn < 10; turn++) {
			productAtL.addAll(handover(1000, 1, null).beyond());
			floor.oneAtATime(1, floorAtL, () -> this.models.chat(this.agents.require("researcher"),
					List.of(ChatTurn.user("Benchmark the floor at L")), false));
		}
		double floorBeyond = median(floorAtL.walls()) - 3000;
		double productBeyond = median(productAtL);
		print("engine floor at L=1s with the model client's call in each step: wall beyond 3L (median of 10)",
				floorBeyond, "ms", 1 + floorBeyond / 3000, "issue 21: ≤ 1.007");
		print("the product's pipeline at L=1s, in turns with it: wall beyond 3L (median of 10), over the floor's",
				productBeyond, "ms", productBeyond / floorBeyond, "");
	}

	/**
	 * {@code calls} chat requests at L = 0 through the app's own model client, one after
	 * another, as an agent step sends them but with nothing around them: each one's wall
	 * in milliseconds.
	 */
	private List<Double> modelCallsAlone(int calls) {
		latency(0);
		List<ChatTurn> messages = List.of(ChatTurn.system("You are a researcher."),
				ChatTurn.user("Benchmark the pipeline: the model call alone"));
		List<Double> walls = new ArrayList<>();
		// -Dbench.call.jfr=file records these calls (more of them with -Dbench.calls=N).
		try (FlightRecording recording = FlightRecording.startIfAsked("bench.call.jfr")) {
			for (int i = 0; i < Integer.getInteger("bench.calls", calls); i++) {
				long t0 = System.nanoTime();
				this.models.chat(this.agents.require("researcher"), messages, false);
				walls.add((System.nanoTime() - t0) / 1e6);
			}
		}
		return walls;
	}

	/**
	 * {@code runs} pipelines one after another at L = {@code millis}: the hand-over and
	 * its parts, printed with {@code goal} unless it is null. Returns the agent steps
	 * they took, and each run's wall beyond its calls' L.
	 */
	private HandoverPhase handover(int millis, int runs, String goal) {
		latency(millis);
		List<Long> gaps = new ArrayList<>();
		List<Long> toCompletion = new ArrayList<>();
		List<Long> toNextCall = new ArrayList<>();
		List<Long> starts = new ArrayList<>();
		List<Long> overL = new ArrayList<>();
		List<Double> beyond = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			String id = start("sequential-pipeline", Map.of("task", "Benchmark the handover"));
			RunTimes run = awaitCompleted(id);
			List<Call> calls = calls(id);
			List<Activity> steps = activities(id, "Task_Stage");
			starts.add(calls.get(0).startedAt.toEpochMilli() - run.started.toEpochMilli());
			calls.forEach((call) -> overL.add(call.latencyMs - millis));
			beyond.add(wallMs(run) - 3.0 * millis);
			for (int c = 1; c < calls.size(); c++) {
				gaps.add(calls.get(c).startedAt.toEpochMilli() - calls.get(c - 1).endedAt.toEpochMilli());
				long completed = steps.get(c - 1).endedAt.toEpochMilli();
				toCompletion.add(completed - calls.get(c - 1).endedAt.toEpochMilli());
				toNextCall.add(calls.get(c).startedAt.toEpochMilli() - completed);
			}
		}
		if (goal == null) {
			// a turn of the floor's comparison: printed there
			return new HandoverPhase(gaps.size() + starts.size(), beyond);
		}
		print("handover at L=" + millis + ", one call's end to the next call's start (median of " + gaps.size() + ")",
				median(gaps), "ms", 0, goal);
		print("  of which: call's end to its task completed: answer recorded, completion (median)",
				median(toCompletion), "ms", 0, "");
		print("  of which: task completed to next call sent: commit, hand-over, transcript (median)",
				median(toNextCall), "ms", 0, "");
		print("  a call beyond L: HTTP, client and simulator (median)", median(overL), "ms", 0, "");
		print("run start to first call at L=" + millis + " (median of " + starts.size() + ")", median(starts), "ms", 0,
				"");
		print("  a run's wall beyond its calls' L (median)", median(beyond), "ms", 0, "");
		return new HandoverPhase(gaps.size() + starts.size(), beyond);
	}

	/** A hand-over phase's agent steps, and each run's wall beyond its calls' L in ms. */
	private record HandoverPhase(int steps, List<Double> beyond) {
	}

	/** Before the hand-over phase: a subclass may start watching the database here. */
	void handoverStarts() {
	}

	/** After the hand-over phase, whose runs took this many agent steps. */
	void handoverEnded(int steps) {
	}

	/**
	 * Three-step pipelines at L = 0 started by eight clients: the CPU the node spends per
	 * agent step (the simulator's requests and the benchmark's own threads are counted
	 * apart, see {@link StepCpu}), and the runs per second. With {@code -Dbench.jfr=file}
	 * this phase is recorded with JDK Flight Recorder.
	 */
	private StepCpu.Phase cpuPerStep() throws Exception {
		latency(0);
		int runs = Integer.getInteger("bench.cpu.runs", 300);
		StepCpu.Spent spent;
		double seconds;
		List<String> ids;
		try (FlightRecording recording = FlightRecording.startIfAsked()) {
			StepCpu before = StepCpu.now();
			long t0 = System.nanoTime();
			ids = new BenchClients(this.port).startAll(runs, 8, "sequential-pipeline", Map.of("task", "CPU per step"));
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> allEnded(ids));
			seconds = (System.nanoTime() - t0) / 1e9;
			spent = StepCpu.now().since(before);
		}
		ids.forEach(this::awaitCompleted);
		int steps = this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE run_id IN (:ids) AND response IS NOT NULL")
			.param("ids", ids)
			.query(Integer.class)
			.single();
		assertThat(steps).as("three calls a run").isEqualTo(3 * runs);
		double node = spent.node() / 1e6 / steps;
		print("CPU per agent step at L=0, the node's own (" + runs + " three-step runs from 8 clients, " + steps
				+ " steps)", node, "ms", 0, "≤ 5 ms");
		print("  three-step runs per second the node's CPU allows on 2 cores (2 s of CPU a second ÷ 3 steps' CPU)",
				2000 / (3 * node), "runs/s", 0, "≥ 130");
		print("  three-step runs per second measured here (all CPU of this shared machine)", runs / seconds, "runs/s",
				0, "");
		spent.groups()
			.forEach((group, nanos) -> print("  CPU per step on " + group + " threads", nanos / 1e6 / steps, "ms", 0,
					""));
		print("  CPU per step in the JVM outside Java threads: GC, JIT", spent.jvm() / 1e6 / steps, "ms", 0, "");
		print("  not the node's: the simulator's requests, per step", spent.simulator() / 1e6 / steps, "ms", 0, "");
		print("  not the node's: the benchmark's threads, per step", spent.benchmark() / 1e6 / steps, "ms", 0, "");
		return new StepCpu.Phase(runs, steps, seconds, spent);
	}

	/**
	 * The engine's floor ({@link EngineFloor}): Camunda alone taking the same three-step
	 * runs, after a warm-up as long as the app's, with and without the collected list;
	 * and the node's CPU per step ({@code product}, from {@link #cpuPerStep()} in this
	 * JVM) over it. With {@code -Dbench.floor.jfr=file} its measured runs are recorded
	 * with JDK Flight Recorder.
	 */
	private EngineFloor newEngineFloor() {
		return new EngineFloor(this.engine, this.contracts,
				new InputCheck(this.agents, this.runsProperties.maxLoopCount()), this.jdbc);
	}

	private void engineFloor(StepCpu.Phase product) throws Exception {
		EngineFloor floor = newEngineFloor();
		floor.deploy();
		floor.drive(WARM_UP_BATCHES * 10, true);
		int runs = product.runs();
		// In turns, so that what else this shared machine does weighs on both alike.
		StepCpu.Phase collecting = null;
		StepCpu.Phase answerOnly = null;
		try (FlightRecording recording = FlightRecording.startIfAsked("bench.floor.jfr")) {
			for (int turn = 0; turn < FLOOR_TURNS; turn++) {
				collecting = StepCpu.Phase.plus(collecting, floor.drive(runs / FLOOR_TURNS, true));
				answerOnly = StepCpu.Phase.plus(answerOnly, floor.drive(runs / FLOOR_TURNS, false));
			}
		}
		double jvm = collecting.perStepMs(collecting.spent().process());
		double driving = collecting.perStepMs(collecting.group(StepCpu.ENGINE_FLOOR));
		print("engine floor: CPU per agent step of Camunda alone, the whole JVM (" + collecting.runs()
				+ " three-step runs from 8 threads on the engine's Java API, " + collecting.steps() + " steps)", jvm,
				"ms", 0, "");
		for (Map.Entry<String, Long> group : collecting.spent().groups().entrySet()) {
			print("  of which " + switch (group.getKey()) {
				case StepCpu.ENGINE_FLOOR -> "the driving threads: start, fetch and lock, complete, commit";
				case "worker" -> "the app's worker threads, woken by each task created (they fetch none of them)";
				default -> group.getKey() + " threads";
			}, collecting.perStepMs(group.getValue()), "ms", 0, "");
		}
		print("  of which the JVM outside Java threads: GC, JIT", collecting.perStepMs(collecting.spent().jvm()), "ms",
				0, "");
		print("  three-step runs per second measured here", collecting.runs() / collecting.seconds(), "runs/s", 0, "");
		print("  three-step runs per second the floor's CPU allows on 2 cores", 2000 / (3 * jvm), "runs/s", 0, "");
		double node = product.perStepMs(product.spent().node());
		double worker = product.perStepMs(product.group("worker"));
		print("the node's CPU per agent step (above), over the engine floor's whole JVM", node, "ms", node / jvm, "");
		print("the node's worker threads per agent step, over the floor's driving threads", worker, "ms",
				worker / driving, "");
		double jvmAnswerOnly = answerOnly.perStepMs(answerOnly.spent().process());
		double drivingAnswerOnly = answerOnly.perStepMs(answerOnly.group(StepCpu.ENGINE_FLOOR));
		print("engine floor writing only result, no pipeline_results: CPU per agent step, the whole JVM", jvmAnswerOnly,
				"ms", 0, "");
		print("  of which the driving threads", drivingAnswerOnly, "ms", 0, "");
		print("  what the collected list costs a step: whole JVM", jvm - jvmAnswerOnly, "ms", 0, "");
		print("  what the collected list costs a step: driving threads", driving - drivingAnswerOnly, "ms", 0, "");
		if ("H2".equals(database())) {
			EngineFloor.Statements statements = floor.statements(30, 12);
			print("engine floor: SQL statements per agent step, all of the node's (H2's statistics over 30 runs)",
					statements.perStep(), "", 0, "");
			statements.top().forEach((sql, perStep) -> print("  " + sql, perStep, "", 0, ""));
		}
	}

	private boolean allEnded(List<String> ids) {
		return this.jdbc.sql("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ID_ IN (:ids) AND END_TIME_ IS NOT NULL")
			.param("ids", ids)
			.query(Integer.class)
			.single() == ids.size();
	}

	/**
	 * One-agent runs at L = 0, eight clients starting them: completed runs per second.
	 */
	private void runsPerSecond() throws Exception {
		latency(0);
		int runs = 200;
		long t0 = System.nanoTime();
		List<String> ids = startMany(runs, 8, Map.of("task", "Throughput", "agents", List.of("researcher")));
		ids.forEach(this::awaitCompleted);
		double seconds = (System.nanoTime() - t0) / 1e9;
		print("one-agent runs at L=0, " + runs + " runs from 8 clients: runs per second", runs / seconds, "runs/s", 0,
				"");
	}

	/**
	 * 200 one-agent runs started together: the most calls the simulator answered at once,
	 * and the time from the first call's start until the last run ended (ideal L).
	 */
	private void manyRunsAtOnce(int latencyMs) throws Exception {
		Duration latency = latency(latencyMs);
		String l = "L=" + (latencyMs / 1000) + "s";
		this.simulator.resetLoad();
		int runs = 200;
		long t0 = System.nanoTime();
		List<String> ids = startMany(runs, 32, Map.of("task", "Many at once", "agents", List.of("researcher")));
		long starting = (System.nanoTime() - t0) / 1_000_000;
		List<RunTimes> times = ids.stream().map(this::awaitCompleted).toList();
		Instant firstCall = ids.stream().map((id) -> calls(id).get(0).startedAt).min(Instant::compareTo).orElseThrow();
		Instant lastEnd = times.stream().map((run) -> run.ended).max(Instant::compareTo).orElseThrow();
		int peak = this.simulator.load().peak();
		print("200 one-agent runs at " + l + ": calls in flight at peak (simulator count)", peak, "calls",
				peak / (double) runs, "≥ 150");
		print("200 one-agent runs at " + l + ": time to start them all (32 API clients)", starting, "ms", 0, "");
		long allDone = Duration.between(firstCall, lastEnd).toMillis();
		print("200 one-agent runs at " + l + ": first call to all done", allDone, "ms",
				allDone / (double) latency.toMillis(), "≤ 3.00");
	}

	private Duration latency(int millis) {
		Duration latency = Duration.ofMillis(millis);
		this.simulator.latency(latency);
		return latency;
	}

	private String start(String process, Map<String, Object> input) {
		return this.api.start(process, input);
	}

	private List<String> startMany(int runs, int clients, Map<String, Object> input) throws Exception {
		return startMany(runs, Executors.newFixedThreadPool(clients), () -> start("sequential-pipeline", input));
	}

	/** Starts {@code runs} runs on {@code starters}, which it shuts down. */
	static List<String> startMany(int runs, ExecutorService starters, Callable<String> start) throws Exception {
		try {
			List<Future<String>> started = new ArrayList<>();
			for (int i = 0; i < runs; i++) {
				started.add(starters.submit(start));
			}
			List<String> ids = new ArrayList<>();
			for (Future<String> id : started) {
				ids.add(id.get());
			}
			return ids;
		}
		finally {
			starters.shutdown();
		}
	}

	private record RunTimes(Instant started, Instant ended) {
	}

	private record Call(Instant startedAt, Instant endedAt, long latencyMs) {
	}

	private record Activity(Instant startedAt, Instant endedAt) {
	}

	/**
	 * The engine's record of an activity's instances in a run, in the order they began.
	 */
	private List<Activity> activities(String runId, String activityId) {
		return this.jdbc.sql("""
				SELECT START_TIME_, END_TIME_ FROM ACT_HI_ACTINST
				WHERE PROC_INST_ID_ = :run AND ACT_ID_ = :activity AND ACT_TYPE_ <> 'multiInstanceBody'
				ORDER BY START_TIME_, SEQUENCE_COUNTER_
				""")
			.param("run", runId)
			.param("activity", activityId)
			.query((rs, n) -> new Activity(rs.getTimestamp("START_TIME_").toInstant(),
					(rs.getTimestamp("END_TIME_") != null) ? rs.getTimestamp("END_TIME_").toInstant() : null))
			.list();
	}

	private RunTimes awaitCompleted(String id) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> ended(id));
		Map<String, Object> row = this.jdbc
			.sql("SELECT STATE_, START_TIME_, END_TIME_ FROM ACT_HI_PROCINST WHERE ID_ = :id")
			.param("id", id)
			.query()
			.singleRow();
		assertThat(row.get("STATE_")).as("run %s", id).isEqualTo("COMPLETED");
		return new RunTimes(((Timestamp) row.get("START_TIME_")).toInstant(),
				((Timestamp) row.get("END_TIME_")).toInstant());
	}

	private boolean ended(String id) {
		return this.jdbc.sql("SELECT COUNT(*) FROM ACT_HI_PROCINST WHERE ID_ = :id AND END_TIME_ IS NOT NULL")
			.param("id", id)
			.query(Integer.class)
			.single() > 0;
	}

	private List<Call> calls(String runId) {
		return this.jdbc.sql("""
				SELECT started_at, ended_at, latency_ms FROM agent_call
				WHERE run_id = :run AND response IS NOT NULL ORDER BY started_at, id
				""")
			.param("run", runId)
			.query((rs, n) -> new Call(rs.getTimestamp("started_at").toInstant(),
					rs.getTimestamp("ended_at").toInstant(), rs.getLong("latency_ms")))
			.list();
	}

	private static double wallMs(RunTimes run) {
		return Duration.between(run.started, run.ended).toMillis();
	}

	private static <T extends Comparable<T>> T median(List<T> values) {
		List<T> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

	/** The database the figures were taken on, in every line they print. */
	String database() {
		return "H2";
	}

	private void print(String figure, Number value, String unit, double ratio, String goal) {
		String shown = (value instanceof Double d) ? String.format("%.3f", d) : value.toString();
		String ratioText = (ratio > 0) ? String.format(" ratio=%.3f", ratio) : "";
		System.out.printf("BENCH [%s] %s = %s%s%s%s%n", database(), figure, shown, unit.isEmpty() ? "" : " " + unit,
				ratioText, goal.isEmpty() ? "" : " (goal " + goal + ")");
	}

}
