package io.bpmnagents.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.InputCheck;
import io.bpmnagents.process.PlainValues;
import io.bpmnagents.process.Variable;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The engine's floor under an agent step (issue 21): what Camunda itself costs for the
 * step the product's {@code sequential-pipeline} takes, in the same JVM, on the same
 * database, engine configuration (its plugins included), history level and model, but
 * with no model call, no transcript and no API. The deployed pipeline is deployed again,
 * with its start form, as {@value #KEY}, its agent task on topic {@value #TOPIC}, which
 * the app's worker does not fetch; nothing else of the model changes, so the floor has
 * the same multi-instance loop, variables, event subprocesses and approval call.
 * <p>
 * {@value #CLIENTS} threads, as many as the benchmark's API clients, each start a run
 * with the input {@code POST /api/runs} gives the engine (the process contract's check,
 * as {@code RunService} makes it) and take its steps with the engine's Java API alone:
 * fetch and lock the run's task as the worker does (by priority, all variables
 * serialized, extension properties; the run's business key picks its task), and complete
 * it with what an agent step writes: {@code result}, a short text like the simulator's,
 * and {@code pipeline_results}, the list of {agent, result} grown by one entry, stored
 * through {@link Variable#records} as {@code AgentTaskCompletion} stores it. Run by
 * {@link PerformanceBenchmark} after its CPU phase:
 * {@code ./mvnw -B -o test -Pbench -Dtest=PerformanceBenchmark -Dbench.cpu=true}.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class EngineFloor {

	static final String KEY = "engine-floor-pipeline";

	static final String TOPIC = "engine-floor";

	/** Threads whose CPU {@link StepCpu} counts as the floor's driving threads. */
	static final String THREAD = "engine-floor-";

	private static final String PRODUCT = "sequential-pipeline";

	private static final String WORKER = "engine-floor-driver";

	private static final int CLIENTS = 8;

	private static final long LOCK_MS = 30_000;

	private final ProcessEngine engine;

	private final Contracts contracts;

	private final InputCheck check;

	private final JdbcClient jdbc;

	private final AtomicInteger numbers = new AtomicInteger();

	private String definitionId;

	/** The app's pipeline, whose contract makes the runs' input. */
	private String productDefinitionId;

	/**
	 * Deploys the floor's copy of the app's deployed pipeline, with its start form, under
	 * {@value #KEY}; its agent task on topic {@value #TOPIC}.
	 */
	void deploy() {
		RepositoryService repository = this.engine.getRepositoryService();
		ProcessDefinition product = repository.createProcessDefinitionQuery()
			.processDefinitionKey(PRODUCT)
			.latestVersion()
			.singleResult();
		this.productDefinitionId = product.getId();
		BpmnModelInstance model = Bpmn.readModelFromStream(repository.getProcessModel(product.getId()));
		Process process = model.getModelElementById(PRODUCT);
		process.setId(KEY);
		process.setName("Engine floor: " + process.getName());
		// The diagram's plane names the process by id too.
		model.getModelElementsByType(BpmnPlane.class).forEach((plane) -> plane.setBpmnElement(process));
		ServiceTask stage = model.getModelElementById("Task_Stage");
		stage.setCamundaTopic(TOPIC);
		String form = repository.getDeploymentResourceNames(product.getDeploymentId())
			.stream()
			.filter((name) -> name.endsWith(PRODUCT + ".form"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("The app's pipeline was deployed without its start form"));
		try (InputStream formBytes = repository.getResourceAsStream(product.getDeploymentId(), form)) {
			this.definitionId = repository.createDeployment()
				.name(KEY)
				.addModelInstance(KEY + ".bpmn", model)
				.addInputStream(PRODUCT + ".form", formBytes)
				.deployWithResult()
				.getDeployedProcessDefinitions()
				.get(0)
				.getId();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Takes {@code runs} three-step runs from {@value #CLIENTS} threads and says what it
	 * cost; each run checked completed, and the last one's collected list checked whole.
	 * @param collect whether a step writes {@code pipeline_results} besides
	 * {@code result}
	 */
	StepCpu.Phase drive(int runs, boolean collect) throws Exception {
		AtomicInteger named = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(CLIENTS,
				(runnable) -> new Thread(runnable, THREAD + named.incrementAndGet()));
		int first = this.numbers.getAndAdd(runs);
		AtomicInteger next = new AtomicInteger(first);
		int steps;
		StepCpu.Spent spent;
		double seconds;
		try {
			StepCpu before = StepCpu.now();
			long t0 = System.nanoTime();
			List<Future<Integer>> clients = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				clients.add(threads.submit(() -> {
					int taken = 0;
					for (int number = next.getAndIncrement(); number < first + runs; number = next.getAndIncrement()) {
						taken += run(businessKey(number), collect, null, () -> {
						});
					}
					return taken;
				}));
			}
			steps = 0;
			for (Future<Integer> client : clients) {
				steps += client.get();
			}
			seconds = (System.nanoTime() - t0) / 1e9;
			// Before the threads end: StepCpu reads the CPU of live threads.
			spent = StepCpu.now().since(before);
		}
		finally {
			threads.shutdown();
			threads.awaitTermination(1, TimeUnit.MINUTES);
		}
		requireCompleted(first, runs, collect);
		return new StepCpu.Phase(runs, steps, seconds, spent);
	}

	/**
	 * Takes {@code runs} three-step runs one after another on this thread, as a pipeline
	 * at L = 0 runs when nothing else does, and adds their times to {@code timings}: what
	 * the engine alone spends on a pipeline's path beyond its model calls.
	 */
	void oneAtATime(int runs, OneAtATime timings) {
		oneAtATime(runs, timings, () -> {
		});
	}

	/**
	 * As {@link #oneAtATime(int, OneAtATime)}, with {@code call} made in each step
	 * between its fetch and its completion, as an agent step calls its model there.
	 */
	void oneAtATime(int runs, OneAtATime timings, Runnable call) {
		int first = this.numbers.getAndAdd(runs);
		for (int number = first; number < first + runs; number++) {
			run(businessKey(number), true, timings, call);
		}
		requireCompleted(first, runs, true);
	}

	/**
	 * Runs taken one at a time, in milliseconds: each run's wall, its start, each middle
	 * step (fetch and lock, complete; the next task is made in it) and its last step (its
	 * complete also ends the run: the approval call and the end event).
	 */
	record OneAtATime(List<Double> walls, List<Double> starts, List<Double> steps, List<Double> lasts) {

		OneAtATime() {
			this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		}

		void add(long t0, long[] ends) {
			this.walls.add(ms(ends[ends.length - 1] - t0));
			this.starts.add(ms(ends[0] - t0));
			for (int step = 1; step < ends.length - 1; step++) {
				this.steps.add(ms(ends[step] - ends[step - 1]));
			}
			this.lasts.add(ms(ends[ends.length - 1] - ends[ends.length - 2]));
		}

		private static double ms(long nanos) {
			return nanos / 1e6;
		}

	}

	private static String businessKey(int number) {
		return KEY + "-" + number;
	}

	/**
	 * One run, started and taken step by step, {@code call} made in each step before its
	 * completion; its times added to {@code timings} if given. Returns the steps taken.
	 */
	private int run(String businessKey, boolean collect, OneAtATime timings, Runnable call) {
		RuntimeService runtime = this.engine.getRuntimeService();
		ExternalTaskService tasks = this.engine.getExternalTaskService();
		VariableMap input = input();
		if (!(PlainValues.of(input.getValueTyped("agents")) instanceof List<?> agents) || agents.isEmpty()) {
			throw new AssertionError("The pipeline's contract gave no agents: " + input);
		}
		int steps = agents.size();
		long t0 = System.nanoTime();
		runtime.startProcessInstanceById(this.definitionId, businessKey, input);
		long[] ends = new long[steps + 1];
		ends[0] = System.nanoTime();
		for (int step = 0; step < steps; step++) {
			List<LockedExternalTask> locked = tasks.fetchAndLock(1, WORKER, true)
				.topic(TOPIC, LOCK_MS)
				.businessKey(businessKey)
				.includeExtensionProperties()
				.execute();
			if (locked.isEmpty()) {
				throw new AssertionError("Run " + businessKey + " has no task at step " + (step + 1));
			}
			LockedExternalTask task = locked.get(0);
			call.run();
			tasks.complete(task.getId(), WORKER, answered(task, collect));
			ends[step + 1] = System.nanoTime();
		}
		if (timings != null) {
			timings.add(t0, ends);
		}
		return steps;
	}

	/** The input {@code /api/runs} gives the engine for a run with only a task. */
	private VariableMap input() {
		VariableMap variables = Variables.createVariables();
		this.check.check(this.contracts.of(this.productDefinitionId), Map.of("task", "CPU per step"))
			.forEach(variables::putValueTyped);
		return variables;
	}

	/**
	 * What an agent step writes: the answer, and the collected list with one more entry,
	 * read from the variables fetched with the task.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> answered(LockedExternalTask task, boolean collect) {
		VariableMap fetched = task.getVariables();
		String agent = (String) PlainValues.of(fetched.getValueTyped("agent"));
		Object previous = PlainValues.of(fetched.getValueTyped("result"));
		String prompt = (previous != null) ? (String) previous : (String) PlainValues.of(fetched.getValueTyped("task"));
		String answer = reply(agent, prompt);
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("result", Variable.text("result").typed(answer));
		if (collect) {
			Object existing = PlainValues.of(fetched.getValueTyped("pipeline_results"));
			List<Map<String, Object>> list = (existing instanceof List<?> l)
					? new ArrayList<>((List<Map<String, Object>>) l) : new ArrayList<>();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("agent", agent);
			entry.put("result", answer);
			list.add(entry);
			variables.put("pipeline_results", Variable.records("pipeline_results").typed(list));
		}
		return variables;
	}

	/** A reply of the simulator's size and shape (about 300 characters). */
	private static String reply(String agent, String prompt) {
		String before = (prompt.length() > 160) ? prompt.substring(prompt.length() - 160) : prompt;
		return agent + " on \"" + prompt.lines().findFirst().orElse("") + "\":\n\n"
				+ "- Weigh the main risk before the details.\n" + "- Check the figures against a second source.\n"
				+ "- Building on what came before: " + before + "\n";
	}

	/**
	 * Every run of the phase completed (the approval process each calls takes its
	 * business key too), and the last one collected an entry per step (or none, when it
	 * was not asked to).
	 */
	private void requireCompleted(int first, int runs, boolean collect) {
		List<String> keys = new ArrayList<>();
		for (int number = first; number < first + runs; number++) {
			keys.add(businessKey(number));
		}
		int completed = this.jdbc.sql("""
				SELECT COUNT(*) FROM ACT_HI_PROCINST
				WHERE PROC_DEF_KEY_ = :process AND BUSINESS_KEY_ IN (:keys) AND STATE_ = 'COMPLETED'
				""").param("process", KEY).param("keys", keys).query(Integer.class).single();
		if (completed != runs) {
			throw new AssertionError("Engine floor: " + completed + " of " + runs + " runs completed");
		}
		String last = this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(KEY)
			.processInstanceBusinessKey(businessKey(first + runs - 1))
			.singleResult()
			.getId();
		HistoricVariableInstance collected = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(last)
			.variableName("pipeline_results")
			.disableCustomObjectDeserialization()
			.singleResult();
		Object list = (collected != null) ? PlainValues.of(collected.getTypedValue()) : null;
		int entries = (list instanceof List<?> l) ? l.size() : 0;
		if (entries != (collect ? 3 : 0)) {
			throw new AssertionError("Engine floor: run " + last + " collected " + entries + " entries");
		}
	}

	/**
	 * The SQL statements of the whole node per agent step of the floor.
	 *
	 * @param perStep all statements, per step
	 * @param top the most frequent ones (whitespace collapsed, shortened), per step
	 */
	record Statements(double perStep, Map<String, Double> top) {
	}

	/**
	 * The SQL statements the whole node runs per step of {@code runs} floor runs (H2
	 * only: its query statistics, switched on for these runs alone), and the {@code top}
	 * most frequent.
	 */
	Statements statements(int runs, int top) throws Exception {
		this.jdbc.sql("SET QUERY_STATISTICS_MAX_ENTRIES 1000").update();
		this.jdbc.sql("SET QUERY_STATISTICS TRUE").update();
		StepCpu.Phase phase;
		List<Map<String, Object>> rows;
		try {
			phase = drive(runs, true);
			rows = this.jdbc.sql("""
					SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS
					WHERE SQL_STATEMENT NOT LIKE 'SET QUERY_STATISTICS%' ORDER BY EXECUTION_COUNT DESC
					""").query().listOfRows();
		}
		finally {
			// Off again, which also forgets them: the statistics cost every statement.
			this.jdbc.sql("SET QUERY_STATISTICS FALSE").update();
		}
		long all = rows.stream().mapToLong((row) -> ((Number) row.get("EXECUTION_COUNT")).longValue()).sum();
		Map<String, Double> frequent = new LinkedHashMap<>();
		rows.stream().limit(top).forEach((row) -> {
			String sql = ((String) row.get("SQL_STATEMENT")).replaceAll("\\s+", " ").strip();
			frequent.put((sql.length() > 110) ? sql.substring(0, 110) + "…" : sql,
					((Number) row.get("EXECUTION_COUNT")).longValue() / (double) phase.steps());
		});
		return new Statements(all / (double) phase.steps(), frequent);
	}

}
