package io.bpmnagents.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
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
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						List<String> statements = new ArrayList<>();
						counting.set(statements);
						try {
							chain.doFilter(request, response);
						}
						finally {
							counting.remove();
							String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
							StatementCounts.this.lastByRequest
								.put(request.getMethod() + " " + request.getRequestURI() + query, statements);
						}
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
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
		}

	}

}
