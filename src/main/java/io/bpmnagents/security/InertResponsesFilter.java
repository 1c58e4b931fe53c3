package io.bpmnagents.security;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Nothing this app answers runs as a page of its site, except the webapps' own pages.
 * Deployments hold files that people (and administrators) wrote: a form, a diagram, an
 * image; file variables hold what a run was given. The engine's REST API, its copy under
 * the webapps ({@code …/api/engine/…}) and {@code /api} hand them out with the type their
 * name or their setter claims, so an HTML form or an SVG opened from its address would
 * run with the session of whoever opened it. So every answer but a webapp page says
 * {@code X-Content-Type-Options: nosniff} (its type is not guessed from its bytes) and
 * {@code Content-Security-Policy: default-src 'none'; sandbox} (opened as a page it loads
 * and runs nothing, in an origin of its own). The policy is set before anything else runs
 * and kept: a component behind us (the webapps' header filter) cannot replace it with a
 * weaker one, and a reset of the response puts it back.
 */
final class InertResponsesFilter implements Filter {

	static final String POLICY = "default-src 'none'; sandbox";

	static final String CONTENT_SECURITY_POLICY = "Content-Security-Policy";

	static final String CONTENT_TYPE_OPTIONS = "X-Content-Type-Options";

	private final String webapps;

	/**
	 * @param webappsPath where the Camunda webapps live
	 * ({@code camunda.bpm.webapp.application-path})
	 */
	InertResponsesFilter(String webappsPath) {
		this.webapps = RequestPaths.normalise(webappsPath);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletResponse http = (HttpServletResponse) response;
		http.setHeader(CONTENT_TYPE_OPTIONS, "nosniff");
		if (isWebappPage((HttpServletRequest) request)) {
			chain.doFilter(request, response);
			return;
		}
		http.setHeader(CONTENT_SECURITY_POLICY, POLICY);
		chain.doFilter(request, new InertResponse(http));
	}

	/**
	 * Cockpit, Tasklist and Admin themselves (their pages, scripts and styles), which
	 * have the webapps' own policy; their API below {@code /api} is not a page.
	 */
	private boolean isWebappPage(HttpServletRequest request) {
		return !this.webapps.equals("/") && RequestPaths.isUnder(request, this.webapps)
				&& !RequestPaths.isUnder(request, this.webapps + "/api");
	}

	/** A response whose policy and type options stay ours. */
	private static final class InertResponse extends HttpServletResponseWrapper {

		InertResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public void setHeader(String name, String value) {
			if (!isOurs(name)) {
				super.setHeader(name, value);
			}
		}

		@Override
		public void addHeader(String name, String value) {
			if (!isOurs(name)) {
				super.addHeader(name, value);
			}
		}

		@Override
		public void reset() {
			super.reset();
			super.setHeader(CONTENT_TYPE_OPTIONS, "nosniff");
			super.setHeader(CONTENT_SECURITY_POLICY, POLICY);
		}

		private static boolean isOurs(String name) {
			return CONTENT_SECURITY_POLICY.equalsIgnoreCase(name) || CONTENT_TYPE_OPTIONS.equalsIgnoreCase(name);
		}

	}

}
