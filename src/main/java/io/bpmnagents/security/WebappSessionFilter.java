package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.filter.util.CsrfConstants;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the Cockpit plugins call {@code /api} with the person's webapp login: a request
 * without HTTP Basic that carries the webapps' session cookie is the person logged in to
 * that session. As in the webapps themselves, such a request must also carry the
 * session's CSRF token in {@code X-XSRF-TOKEN}, which a page of another site cannot read,
 * so a cookie alone never authenticates. Groups are read afresh from the engine, so a
 * membership an administrator removes counts at once.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class WebappSessionFilter extends OncePerRequestFilter {

	private static final String ENGINE = "default";

	private final IdentityService identity;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		// The normalised path, as every other filter sees it, whatever its encoding.
		return !RequestPaths.isUnder(request, "/api") || request.getHeader("Authorization") != null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String token = request.getHeader(CsrfConstants.CSRF_TOKEN_HEADER_NAME);
		HttpSession session = request.getSession(false);
		String user = (session != null) ? loggedIn(session) : null;
		if (user == null) {
			if (token != null) {
				// A webapp page whose session ended: a 401 without a Basic challenge, so
				// the browser does not pop up its own login dialog over Cockpit.
				ProblemResponse.write(response, HttpStatus.UNAUTHORIZED,
						"Your Cockpit session has ended. Log in to Cockpit again.");
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (token == null || !sameToken(token, session.getAttribute(CsrfConstants.CSRF_TOKEN_SESSION_ATTR_NAME))) {
			ProblemResponse.write(response, HttpStatus.FORBIDDEN,
					"A request with the webapps' session cookie must carry the session's CSRF token in the "
							+ CsrfConstants.CSRF_TOKEN_HEADER_NAME + " header (the cookie "
							+ CsrfConstants.CSRF_TOKEN_DEFAULT_COOKIE_NAME + "); scripts use HTTP Basic instead.");
			return;
		}
		List<GrantedAuthority> groups = CamundaGroups.authoritiesOf(this.identity, user);
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, groups));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private String loggedIn(HttpSession session) {
		Authentications authentications;
		try {
			authentications = AuthenticationUtil.getAuthsFromSession(session);
		}
		catch (IllegalStateException ex) {
			// The session was invalidated meanwhile.
			return null;
		}
		if (authentications == null) {
			return null;
		}
		Authentication authentication = authentications.getAuthenticationForProcessEngine(ENGINE);
		if (authentication == null || authentication == Authentication.ANONYMOUS) {
			return null;
		}
		String user = authentication.getIdentityId();
		// A user deleted since the login has no session any more.
		return (user != null && this.identity.createUserQuery().userId(user).count() == 1) ? user : null;
	}

	private static boolean sameToken(String given, Object expected) {
		return expected instanceof String text
				&& MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
	}

}
