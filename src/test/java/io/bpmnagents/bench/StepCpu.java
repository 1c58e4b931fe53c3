package io.bpmnagents.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The CPU a phase of the benchmark costs, split so that the node's own share can be told
 * from what only the benchmark adds in the same JVM: the simulator's requests (measured
 * on their Tomcat thread, from the first filter to the reply written) and the benchmark's
 * own threads (its test thread polling the database, its API clients). Process CPU from
 * {@code com.sun.management.OperatingSystemMXBean}, threads' CPU from
 * {@link ThreadMXBean}; what no Java thread accounts for is the JVM's own (GC, JIT).
 */
final class StepCpu {

	private static final String CLIENT_THREAD = "bench-client-";

	/** The group of the threads that drive the engine alone ({@link EngineFloor}). */
	static final String ENGINE_FLOOR = "engine floor";

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	/** CPU spent serving the simulator's requests since start, in nanoseconds. */
	private static final AtomicLong simulatorNanos = new AtomicLong();

	/** CPU of the benchmark's client threads that have ended, in nanoseconds. */
	private static final AtomicLong clientNanos = new AtomicLong();

	private final long process;

	private final long simulator;

	private final long clients;

	private final Map<Long, Long> byThread;

	private final Map<Long, String> names;

	private StepCpu() {
		this.process = os.getProcessCpuTime();
		this.simulator = simulatorNanos.get();
		this.clients = clientNanos.get();
		this.byThread = new HashMap<>();
		this.names = new HashMap<>();
		for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
			if (info != null) {
				this.byThread.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
				this.names.put(info.getThreadId(), info.getThreadName());
			}
		}
	}

	static StepCpu now() {
		return new StepCpu();
	}

	/**
	 * A thread of the benchmark's API clients, whose CPU is counted as the benchmark's
	 * when it ends.
	 */
	static Thread clientThread(Runnable runnable, int number) {
		return new Thread(() -> {
			try {
				runnable.run();
			}
			finally {
				clientNanos.addAndGet(threads.getCurrentThreadCpuTime());
			}
		}, CLIENT_THREAD + number);
	}

	/**
	 * What was spent from {@code before} to this moment, by part, in nanoseconds: the
	 * process, the simulator, the benchmark's threads, the node's threads by group, and
	 * the JVM outside any Java thread.
	 */
	Spent since(StepCpu before) {
		Map<String, Long> groups = new LinkedHashMap<>();
		long clients = this.clients - before.clients;
		long javaThreads = clients;
		for (Map.Entry<Long, Long> thread : this.byThread.entrySet()) {
			long spent = thread.getValue() - before.byThread.getOrDefault(thread.getKey(), 0L);
			String name = this.names.get(thread.getKey());
			if (thread.getValue() < 0 || spent <= 0 || name.startsWith(CLIENT_THREAD)) {
				// client threads count once they end, below
				continue;
			}
			javaThreads += spent;
			groups.merge(group(name), spent, Long::sum);
		}
		long simulator = this.simulator - before.simulator;
		// The simulator runs on Tomcat's threads: its share moves from theirs to its own.
		groups.merge("tomcat", -simulator, Long::sum);
		long process = this.process - before.process;
		Long main = groups.remove("benchmark");
		long benchmark = clients + ((main != null) ? main : 0);
		return new Spent(process, simulator, benchmark, process - javaThreads, groups);
	}

	private static String group(String thread) {
		if ("main".equals(thread)) {
			return "benchmark";
		}
		if (thread.startsWith("agent-")) {
			return "worker";
		}
		if (thread.startsWith("http-nio-")) {
			return "tomcat";
		}
		if (thread.startsWith("HttpClient-")) {
			return "http clients";
		}
		if (thread.startsWith(EngineFloor.THREAD)) {
			return ENGINE_FLOOR;
		}
		return "other";
	}

	/**
	 * CPU in nanoseconds.
	 *
	 * @param process the whole process
	 * @param simulator the simulator's requests
	 * @param benchmark the benchmark's own threads
	 * @param jvm not on any Java thread: GC, JIT compiler
	 * @param groups by group of threads
	 */
	record Spent(long process, long simulator, long benchmark, long jvm, Map<String, Long> groups) {

		/** The node's own: all but the simulator and the benchmark. */
		long node() {
			return this.process - this.simulator - this.benchmark;
		}

		/** This and {@code other} together, as one phase's. */
		Spent plus(Spent other) {
			Map<String, Long> both = new LinkedHashMap<>(this.groups);
			other.groups.forEach((group, nanos) -> both.merge(group, nanos, Long::sum));
			return new Spent(this.process + other.process, this.simulator + other.simulator,
					this.benchmark + other.benchmark, this.jvm + other.jvm, both);
		}

	}

	/**
	 * What a phase of runs cost.
	 *
	 * @param runs runs taken
	 * @param steps agent steps taken
	 * @param seconds wall time
	 * @param spent the CPU of the phase, by part
	 */
	record Phase(int runs, int steps, double seconds, Spent spent) {

		double perStepMs(long nanos) {
			return nanos / 1e6 / this.steps;
		}

		/**
		 * This and {@code other} together, as one phase's; {@code other} when this is
		 * none.
		 */
		static Phase plus(Phase phase, Phase other) {
			return (phase == null) ? other : new Phase(phase.runs + other.runs, phase.steps + other.steps,
					phase.seconds + other.seconds, phase.spent.plus(other.spent));
		}

		/** The CPU of a group of threads in the phase, in nanoseconds; 0 when none. */
		long group(String name) {
			return this.spent.groups().getOrDefault(name, 0L);
		}

	}

	/** Counts the CPU each simulator request costs its Tomcat thread. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SimulatorCpu {

		@Bean
		FilterRegistrationBean<Filter> simulatorCpuFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(StepCpu::countSimulator);
			registration.addUrlPatterns("/simulator/*");
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

	private static void countSimulator(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		long started = threads.getCurrentThreadCpuTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			simulatorNanos.addAndGet(threads.getCurrentThreadCpuTime() - started);
		}
	}

}
