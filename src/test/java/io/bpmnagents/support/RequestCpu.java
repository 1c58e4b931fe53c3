package io.bpmnagents.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The CPU time and the wall time each HTTP request took on the server's request thread,
 * from the first filter to the response (authentication included), by method and path:
 * CPU time is what a busy, shared machine does not blur the way it blurs wall time.
 */
@TestConfiguration(proxyBeanMethods = false)
public class RequestCpu {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private final Map<String, List<Cost>> byRequest = new ConcurrentHashMap<>();

	/** One request's cost, in nanoseconds. */
	public record Cost(long cpuNanos, long wallNanos) {
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> requestCpuFilter() {
		return FirstFilter.of((request, proceed) -> {
			long cpu = THREADS.getCurrentThreadCpuTime();
			long wall = System.nanoTime();
			try {
				proceed.run();
			}
			finally {
				Cost cost = new Cost(THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall);
				this.byRequest.computeIfAbsent(FirstFilter.key(request), (key) -> new CopyOnWriteArrayList<>())
					.add(cost);
			}
		});
	}

	/**
	 * The costs of the requests with this method and path (and query) so far, oldest
	 * first.
	 */
	public List<Cost> of(String method, String path) {
		return List.copyOf(this.byRequest.getOrDefault(method + " " + path, List.of()));
	}

	/** Forgets the requests counted so far, such as those of a warm-up. */
	public void reset() {
		this.byRequest.clear();
	}

}
