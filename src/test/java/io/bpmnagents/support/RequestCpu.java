package io.bpmnagents.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
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
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						long cpu = THREADS.getCurrentThreadCpuTime();
						long wall = System.nanoTime();
						try {
							chain.doFilter(request, response);
						}
						finally {
							Cost cost = new Cost(THREADS.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall);
							RequestCpu.this.byRequest
								.computeIfAbsent(request.getMethod() + " " + request.getRequestURI(),
										(key) -> new CopyOnWriteArrayList<>())
								.add(cost);
						}
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** The costs of the requests with this method and path so far, oldest first. */
	public List<Cost> of(String method, String path) {
		return List.copyOf(this.byRequest.getOrDefault(method + " " + path, List.of()));
	}

	/** Forgets the requests counted so far, such as those of a warm-up. */
	public void reset() {
		this.byRequest.clear();
	}

}
