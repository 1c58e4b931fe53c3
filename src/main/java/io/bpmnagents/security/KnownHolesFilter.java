package io.bpmnagents.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Blocks at the HTTP layer the two holes of Camunda 7.24 CE that only paid patches fix:
 * <ul>
 * <li>CVE-2026-77226: the Admin webapp's first-run setup creates an administrator without
 * login. The first administrator here comes from configuration, so setup is refused
 * always.</li>
 * <li>CVE-2026-109432: task queries with expressions inside {@code orQueries} skip the
 * ad-hoc expression check. Any engine API request whose query string or body has
 * {@code orQueries} together with an expression ({@code ${} or {@code #{}) is
 * refused.</li>
 * </ul>
 */
class KnownHolesFilter extends OncePerRequestFilter {

	static final String SETUP_PATH = "/camunda/api/admin/setup/";

	private static final int MAX_INSPECTED_BODY = 1 << 20;

	private static final String OR_QUERIES = "Expressions inside 'orQueries' are not allowed (CVE-2026-109432). "
			+ "Use plain values in OR queries.";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith(SETUP_PATH)) {
			refuse(response, HttpStatus.FORBIDDEN, "The Admin webapp's initial setup is disabled: the first "
					+ "administrator is created from camunda.bpm.admin-user.* at start (CVE-2026-77226).");
			return;
		}
		if (!path.startsWith("/engine-rest/") && !path.startsWith("/camunda/api/")) {
			chain.doFilter(request, response);
			return;
		}
		String query = (request.getQueryString() != null)
				? URLDecoder.decode(request.getQueryString(), StandardCharsets.UTF_8) : "";
		String contentType = (request.getContentType() != null) ? request.getContentType().toLowerCase(Locale.ROOT)
				: "";
		if (contentType.startsWith("multipart/") || contentType.startsWith("application/x-www-form-urlencoded")) {
			// Deployments and webapp logins: the container parses these bodies into
			// parameters.
			if (expressionInOrQueries(query) || expressionInOrQueries(request.getParameterMap().toString())) {
				refuse(response, HttpStatus.BAD_REQUEST, OR_QUERIES);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_INSPECTED_BODY + 1);
		if (body.length > MAX_INSPECTED_BODY) {
			refuse(response, HttpStatus.PAYLOAD_TOO_LARGE, "Engine API requests are limited to 1 MiB.");
			return;
		}
		if (expressionInOrQueries(query) || expressionInOrQueries(new String(body, StandardCharsets.UTF_8))) {
			refuse(response, HttpStatus.BAD_REQUEST, OR_QUERIES);
			return;
		}
		chain.doFilter(new BufferedBodyRequest(request, body), response);
	}

	static boolean expressionInOrQueries(String text) {
		int at = text.toLowerCase(Locale.ROOT).indexOf("orqueries");
		if (at < 0) {
			return false;
		}
		String rest = text.substring(at);
		return rest.contains("${") || rest.contains("#{") || rest.contains("$\\u007b") || rest.contains("#\\u007b");
	}

	private static void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
					+ status.value() + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
	}

}
