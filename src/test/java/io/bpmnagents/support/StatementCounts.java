package io.bpmnagents.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts the SQL statements each HTTP request runs on its own thread, from the first
 * filter (authentication included) to the response; what the worker and job executor run
 * meanwhile on their threads is not counted. The data source is wrapped by
 * datasource-proxy, so a context importing this has its own database and engine name.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounts {

	private static final ThreadLocal<List<String>> counting = new ThreadLocal<>();

	private final Map<String, List<String>> lastByRequest = new ConcurrentHashMap<>();

	/** The statements the agent worker's threads ran, in order, since the last clear. */
	private static final List<String> byWorker = java.util.Collections.synchronizedList(new ArrayList<>());

	/** The statements the event streams' threads ran, in order, since the last clear. */
	private static final List<String> byEventStreams = java.util.Collections.synchronizedList(new ArrayList<>());

	@Bean
	static BeanPostProcessor statementCountingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof DataSource dataSource && "dataSource".equals(beanName)) {
					return ProxyDataSourceBuilder.create(dataSource).listener(new Listener()).build();
				}
				return bean;
			}
		};
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> statementCountingFilter() {
		return FirstFilter.of((request, proceed) -> {
			List<String> statements = new ArrayList<>();
			counting.set(statements);
			try {
				proceed.run();
			}
			finally {
				counting.remove();
				this.lastByRequest.put(FirstFilter.key(request), statements);
			}
		});
	}

	/**
	 * The statements the last request with this method and path (with its query) ran, in
	 * order.
	 */
	public List<String> of(String method, String path) {
		List<String> statements = this.lastByRequest.get(method + " " + path);
		if (statements == null) {
			throw new IllegalStateException("No request " + method + " " + path + " was counted");
		}
		return List.copyOf(statements);
	}

	/**
	 * The statements the agent worker's threads (its poller and the threads that call
	 * agents) ran since the last call, each prefixed by the thread's name; then clears
	 * them.
	 */
	public List<String> ofWorker() {
		return taken(byWorker);
	}

	/**
	 * The statements the event streams' threads ({@code run-events-*}: their looks at
	 * runs and checks of who may see them) ran since the last call; then clears them.
	 */
	public List<String> ofEventStreams() {
		return taken(byEventStreams);
	}

	private static List<String> taken(List<String> statements) {
		synchronized (statements) {
			List<String> taken = List.copyOf(statements);
			statements.clear();
			return taken;
		}
	}

	private static final class Listener implements QueryExecutionListener {

		@Override
		public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
		}

		@Override
		public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
			List<String> statements = counting.get();
			if (statements != null) {
				queries.forEach((query) -> statements.add(query.getQuery()));
			}
			String thread = Thread.currentThread().getName();
			if (thread.startsWith("agent-call-") || thread.equals("agent-task-poller")) {
				queries.forEach((query) -> byWorker.add(thread + ": " + query.getQuery()));
			}
			if (thread.startsWith("run-events-")) {
				queries.forEach((query) -> byEventStreams.add(query.getQuery()));
			}
		}

	}

}
