package io.bpmnagents.security;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses state-changing requests that a browser says come from another site. A page
 * elsewhere can make the browser send a form or multipart POST (no preflight) with the
 * Basic credentials it has cached for this app; browsers mark such requests with
 * {@code Sec-Fetch-Site} and {@code Origin}. An {@code Origin} passes only when it is the
 * request's own (scheme, host and port) or one configured as allowed. Requests without
 * those headers (curl, the Modeler, the app's own clients) pass.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

	private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");

	private final List<String> allowedOrigins;

	CrossSiteRequestFilter(List<String> allowedOrigins) {
		this.allowedOrigins = allowedOrigins.stream().map(CrossSiteRequestFilter::origin).toList();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (STATE_CHANGING.contains(request.getMethod().toUpperCase(Locale.ROOT)) && crossSite(request)) {
			ProblemResponse.write(response, HttpStatus.FORBIDDEN,
					"Cross-site request refused: state-changing requests must come from this application's own "
							+ "origin, or from a client that is not a browser. Allow another origin with "
							+ "bpmn-agents.security.allowed-origins.");
			return;
		}
		chain.doFilter(request, response);
	}

	private boolean crossSite(HttpServletRequest request) {
		String origin = request.getHeader("Origin");
		if (origin != null) {
			// The whole origin: a page on another port or scheme of this host is another
			// origin, and browsers do not all send Sec-Fetch-Site. Behind a proxy the app
			// sees the browser's scheme, host and port once
			// server.forward-headers-strategy
			// is set; or list the public origin in allowed-origins.
			String normalised = origin(origin);
			if (this.allowedOrigins.contains(normalised)) {
				return false;
			}
			if (!normalised.equals(ownOrigin(request))) {
				return true;
			}
		}
		String site = request.getHeader("Sec-Fetch-Site");
		// "none" is a person's own action (typed address, bookmark).
		return site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none");
	}

	/** The origin the request was sent to, as the browser names it. */
	private static String ownOrigin(HttpServletRequest request) {
		String host = request.getServerName();
		if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		return origin(request.getScheme() + "://" + host + ":" + request.getServerPort());
	}

	/**
	 * scheme://host:port in lower case with the default port spelled out; "null" stays.
	 */
	static String origin(String text) {
		try {
			URI uri = URI.create(text.strip());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return text.strip().toLowerCase(Locale.ROOT);
			}
			String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
			int port = (uri.getPort() >= 0) ? uri.getPort() : (scheme.equals("https") ? 443 : 80);
			return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
		}
		catch (IllegalArgumentException ex) {
			return text.strip().toLowerCase(Locale.ROOT);
		}
	}

}
