package io.bpmnagents.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first look at every request, before authentication: a query string with broken
 * percent-encoding is a {@code 400} (components behind would fail on it with a
 * {@code 500}), and the Admin webapp's first-run setup (CVE-2026-77226) is refused in
 * whatever spelling of its path ({@link RequestPaths}).
 */
class RequestLineFilter extends OncePerRequestFilter {

	static final String SETUP_PATH = "/camunda/api/admin/setup";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!RequestPaths.wellFormedQuery(request.getQueryString())) {
			ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "The query string has a '%' that does not start "
					+ "a percent-encoded byte (%XX, two hex digits). Encode a literal '%' as %25.");
			return;
		}
		if (isSetup(RequestPaths.of(request))) {
			ProblemResponse.write(response, HttpStatus.FORBIDDEN, "The Admin webapp's initial setup is disabled: "
					+ "the first administrator is created from camunda.bpm.admin-user.* at start (CVE-2026-77226).");
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean isSetup(String normalisedPath) {
		return normalisedPath.equals(SETUP_PATH) || normalisedPath.startsWith(SETUP_PATH + "/");
	}

}
