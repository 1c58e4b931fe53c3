package io.bpmnagents.support;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Work around every request, registered before any other filter (authentication
 * included), for test support that measures what a whole request costs.
 */
final class FirstFilter {

	private FirstFilter() {
	}

	/** What to do around one request; {@code proceed} runs the rest of it. */
	interface Around {

		void handle(HttpServletRequest request, Proceed proceed) throws ServletException, IOException;

	}

	/** The rest of the request. */
	interface Proceed {

		void run() throws ServletException, IOException;

	}

	static FilterRegistrationBean<OncePerRequestFilter> of(Around around) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
				new OncePerRequestFilter() {
					@Override
					protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
							FilterChain chain) throws ServletException, IOException {
						around.handle(request, () -> chain.doFilter(request, response));
					}
				});
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/** The request as its method, path and query, e.g. {@code GET /api/runs?size=1}. */
	static String key(HttpServletRequest request) {
		String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
		return request.getMethod() + " " + request.getRequestURI() + query;
	}

}
