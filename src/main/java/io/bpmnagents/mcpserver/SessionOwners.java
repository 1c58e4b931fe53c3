package io.bpmnagents.mcpserver;

import java.io.IOException;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An MCP session belongs to the person who opened it. The SDK keys its sessions by the
 * {@code Mcp-Session-Id} header alone, so this filter, behind the security filters,
 * remembers who initialized each session (when the SDK sets the header on the initialize
 * answer, before the client can see it) and refuses any request under that id from anyone
 * else, before it reaches the session, with the SDK's own answer for an unknown session
 * (a bare 404): an id cannot be probed. An id it does not know (never issued, ended, or
 * forgotten) gets the same 404 here, so a forgotten binding never lets another person in;
 * its owner opens a new session, as the protocol tells a client to on 404.
 */
final class SessionOwners extends OncePerRequestFilter {

	private static final String HEADER = "Mcp-Session-Id";

	private final Callers callers;

	/** Session id to the user who opened it. */
	private final Cache<String, String> owners;

	SessionOwners(Callers callers, Duration idle, long most) {
		this.callers = callers;
		this.owners = Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(most).build();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String user = Callers.userOrNull(this.callers.current());
		String session = request.getHeader(HEADER);
		if (session == null) {
			chain.doFilter(request, (user != null) ? new Binding(response, user) : response);
			return;
		}
		if (user == null || !user.equals(this.owners.getIfPresent(session))) {
			response.sendError(HttpStatus.NOT_FOUND.value());
			return;
		}
		chain.doFilter(request, response);
		boolean ended = HttpMethod.DELETE.matches(request.getMethod()) && response.getStatus() < 300;
		if (ended || response.getStatus() == HttpStatus.NOT_FOUND.value()) {
			// Ended by its owner, or the SDK no longer has it.
			this.owners.invalidate(session);
		}
	}

	/** Binds the session id the SDK hands out to the person whose request opened it. */
	private final class Binding extends HttpServletResponseWrapper {

		private final String user;

		Binding(HttpServletResponse response, String user) {
			super(response);
			this.user = user;
		}

		@Override
		public void setHeader(String name, String value) {
			bind(name, value);
			super.setHeader(name, value);
		}

		@Override
		public void addHeader(String name, String value) {
			bind(name, value);
			super.addHeader(name, value);
		}

		private void bind(String name, String value) {
			if (HEADER.equalsIgnoreCase(name) && value != null) {
				SessionOwners.this.owners.put(value, this.user);
			}
		}

	}

}
