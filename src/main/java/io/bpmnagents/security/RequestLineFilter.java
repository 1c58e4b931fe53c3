package io.bpmnagents.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.MappingMatch;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first look at every request, before authentication: a query string with broken
 * percent-encoding is a {@code 400} (components behind would fail on it with a
 * {@code 500}), so is a servlet's path prefix spelled other than as sent
 * ({@link #servletPathAsSent}), and the Admin webapp's first-run setup (CVE-2026-77226)
 * is refused in whatever spelling of its path ({@link RequestPaths}).
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
		if (!servletPathAsSent(request)) {
			String prefix = request.getContextPath() + request.getServletPath();
			ProblemResponse.write(response, HttpStatus.BAD_REQUEST, "The path spells '" + prefix
					+ "' with percent-encoded characters, ';' parameters or dot segments: send it as it is.");
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a servlet mapped to a path prefix ({@code /engine-rest/*}, the webapps'
	 * {@code /camunda/api/engine/*}) finds its prefix in the path as sent. The container
	 * maps the decoded path ({@code /%65ngine-rest} is {@code /engine-rest}), while
	 * components behind it (Spring's request path, Jersey) cut the prefix from the raw
	 * path and fail with a 500 when it is not there.
	 */
	static boolean servletPathAsSent(HttpServletRequest request) {
		HttpServletMapping mapping = request.getHttpServletMapping();
		if (mapping == null || mapping.getMappingMatch() != MappingMatch.PATH) {
			return true;
		}
		String prefix = request.getContextPath() + request.getServletPath();
		String raw = request.getRequestURI();
		return raw.startsWith(prefix) && (raw.length() == prefix.length() || raw.charAt(prefix.length()) == '/');
	}

	static boolean isSetup(String normalisedPath) {
		return normalisedPath.equals(SETUP_PATH) || normalisedPath.startsWith(SETUP_PATH + "/");
	}

}
