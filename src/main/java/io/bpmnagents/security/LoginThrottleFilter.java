package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks every password a request carries before anything else does, with at most
 * {@link LoginThrottle}'s allowance of failures per client address: HTTP Basic anywhere,
 * the webapps' login form, and Camunda's password check ({@code POST …/identity/verify}).
 * Over the limit the request is refused with {@code 429} and {@code Retry-After}, its
 * password unchecked. A wrong password is answered here, so it never reaches Camunda's
 * own check, which would count it against the account ({@link CamundaPasswords}). Bodies
 * are read here within the request size limit, which runs first.
 */
class LoginThrottleFilter extends OncePerRequestFilter {

	private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login(/[^/]+)?");

	private static final Pattern VERIFY = Pattern
		.compile("(/engine-rest|/camunda/api/engine/engine/[^/]+)(/engine/[^/]+)?/identity/verify");

	private final LoginThrottle throttle;

	private final CamundaPasswords passwords;

	private final ObjectMapper json = new ObjectMapper();

	LoginThrottleFilter(LoginThrottle throttle, CamundaPasswords passwords) {
		this.throttle = throttle;
		this.passwords = passwords;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Attempt basic = basic(request);
		Attempt posted = posted(request);
		if (basic == null && posted == null) {
			chain.doFilter(request, response);
			return;
		}
		Attempt[] failed = { null };
		LoginThrottle.Outcome outcome = this.throttle.check(request.getRemoteAddr(), () -> {
			for (Attempt attempt : new Attempt[] { basic, posted }) {
				if (attempt != null && !this.passwords.matches(attempt.user(), attempt.password())) {
					failed[0] = attempt;
					return false;
				}
			}
			return true;
		});
		if (outcome.refused()) {
			long seconds = Math.max(1, (outcome.retryAfter().toMillis() + 999) / 1000);
			response.setHeader("Retry-After", Long.toString(seconds));
			ProblemResponse.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins from your address; "
					+ "try again in " + seconds + " seconds. The password was not checked.");
			return;
		}
		if (!outcome.passed()) {
			refuse(failed[0], response);
			return;
		}
		chain.doFilter((posted != null) ? posted.request() : request, response);
	}

	private void refuse(Attempt attempt, HttpServletResponse response) throws IOException {
		switch (attempt.kind()) {
			case BASIC -> {
				response.setHeader("WWW-Authenticate", "Basic realm=\"Realm\"");
				ProblemResponse.write(response, HttpStatus.UNAUTHORIZED, "Bad user name or password.");
			}
			case FORM -> ProblemResponse.write(response, HttpStatus.UNAUTHORIZED, "Bad user name or password.");
			case VERIFY -> {
				// Camunda's own answer to a wrong password here.
				response.setStatus(HttpStatus.OK.value());
				response.setContentType(MediaType.APPLICATION_JSON_VALUE);
				response.getOutputStream()
					.write(this.json.writeValueAsBytes(Map.of("authenticatedUser",
							(attempt.user() != null) ? attempt.user() : "", "authenticated", false)));
			}
		}
	}

	private static Attempt basic(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return (colon < 0) ? new Attempt(decoded, null, Kind.BASIC, request)
					: new Attempt(decoded.substring(0, colon), decoded.substring(colon + 1), Kind.BASIC, request);
		}
		catch (IllegalArgumentException ex) {
			return new Attempt(null, null, Kind.BASIC, request);
		}
	}

	/** A password in the body: the webapps' login form, or Camunda's password check. */
	private Attempt posted(HttpServletRequest request) throws IOException {
		if (!"POST".equalsIgnoreCase(request.getMethod())) {
			return null;
		}
		String path = RequestPaths.of(request);
		if (WEBAPP_LOGIN.matcher(path).matches()) {
			BufferedBodyRequest buffered = new BufferedBodyRequest(request, request.getInputStream().readAllBytes());
			return new Attempt(buffered.getParameter("username"), buffered.getParameter("password"), Kind.FORM,
					buffered);
		}
		if (VERIFY.matcher(path).matches()) {
			byte[] body = request.getInputStream().readAllBytes();
			JsonNode fields = readJson(body);
			return new Attempt(text(fields, "username"), text(fields, "password"), Kind.VERIFY,
					new BufferedBodyRequest(request, body));
		}
		return null;
	}

	private JsonNode readJson(byte[] body) {
		try {
			return this.json.readTree(body);
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String text(JsonNode fields, String name) {
		return (fields != null && fields.path(name).isTextual()) ? fields.path(name).asText() : null;
	}

	private enum Kind {

		BASIC, FORM, VERIFY

	}

	/**
	 * The credentials a request carries, and the request to hand on (its body
	 * re-readable).
	 */
	private record Attempt(String user, String password, Kind kind, HttpServletRequest request) {
	}

}
