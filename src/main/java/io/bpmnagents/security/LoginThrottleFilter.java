package io.bpmnagents.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.util.MultiValueMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the passwords that Camunda's endpoints take in a body, before Camunda does, with
 * the allowance of failures of {@link LoginThrottle}: the webapps' login form
 * ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) and Camunda's password
 * check ({@code POST …/identity/verify} under {@code /engine-rest} and the webapps'
 * engine API). HTTP Basic is throttled where Spring Security reads it
 * ({@link CamundaUserAuthenticationProvider}).
 * <p>
 * So that Camunda cannot read other credentials than the ones counted here, the body is
 * read once, strictly (a form body only, no query string, each field once; JSON without
 * repeated keys), and Camunda is handed a body written anew from exactly the credentials
 * checked. Over the limit the request is refused with {@code 429} and
 * {@code Retry-After}, its password unchecked; a wrong password is answered here, as
 * Camunda answers it. Bodies are read within the request size limit, which runs first.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class LoginThrottleFilter extends OncePerRequestFilter {

	private static final Pattern WEBAPP_LOGIN = Pattern.compile("/camunda/api/admin/auth/user/[^/]+/login(/[^/]+)?");

	private static final Pattern VERIFY = Pattern
		.compile("(/engine-rest|/camunda/api/engine/engine/[^/]+)(/engine/[^/]+)?/identity/verify");

	private static final MediaType FORM_UTF8 = new MediaType(MediaType.APPLICATION_FORM_URLENCODED,
			StandardCharsets.UTF_8);

	private final LoginThrottle throttle;

	private final CamundaPasswords passwords;

	private final ObjectMapper json = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equalsIgnoreCase(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = RequestPaths.of(request);
		boolean form = WEBAPP_LOGIN.matcher(path).matches();
		if (!form && !VERIFY.matcher(path).matches()) {
			chain.doFilter(request, response);
			return;
		}
		Attempt attempt;
		try {
			attempt = form ? form(request) : verify(request);
		}
		catch (Refusal refusal) {
			ProblemResponse.write(response, refusal.status, refusal.getMessage());
			return;
		}
		LoginThrottle.Outcome outcome = this.throttle.check(request.getRemoteAddr(), attempt.user(),
				() -> this.passwords.matches(attempt.user(), attempt.password()));
		if (outcome.refused()) {
			LoginRefusals.tooMany(response, outcome.retryAfter());
			return;
		}
		if (!outcome.passed()) {
			if (form) {
				ProblemResponse.write(response, HttpStatus.UNAUTHORIZED, "Bad user name or password.");
			}
			else {
				// Camunda's own answer to a wrong password here.
				response.setStatus(HttpStatus.OK.value());
				response.setContentType(MediaType.APPLICATION_JSON_VALUE);
				response.getOutputStream()
					.write(this.json
						.writeValueAsBytes(Map.of("authenticatedUser", attempt.user(), "authenticated", false)));
			}
			return;
		}
		// Camunda checks the password again (PasswordLockoutPlugin); this one has passed.
		request.setAttribute(PasswordLockoutPlugin.THROTTLED_USER, attempt.user());
		chain.doFilter(attempt.request(), response);
	}

	/** The webapps' login: a form body, and nothing in the address to read instead. */
	private Attempt form(HttpServletRequest request) throws IOException, Refusal {
		if (request.getQueryString() != null) {
			throw new Refusal(HttpStatus.BAD_REQUEST, "The login reads user name and password from the form body "
					+ "only; send it without a query string.");
		}
		MediaType type = contentType(request, MediaType.APPLICATION_FORM_URLENCODED);
		byte[] body = request.getInputStream().readAllBytes();
		MultiValueMap<String, String> fields;
		try {
			fields = new FormHttpMessageConverter().read(null, message(type, body));
		}
		catch (IllegalArgumentException ex) {
			throw new Refusal(HttpStatus.BAD_REQUEST, "The login form is not valid form encoding.");
		}
		String user = once(fields.get("username"));
		String password = once(fields.get("password"));
		if (user == null || password == null) {
			throw new Refusal(HttpStatus.BAD_REQUEST,
					"The login form must carry the fields username and password, once each.");
		}
		byte[] canonical = ("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
				+ URLEncoder.encode(password, StandardCharsets.UTF_8))
			.getBytes(StandardCharsets.UTF_8);
		return new Attempt(user, password, new Rewritten(request, canonical, FORM_UTF8));
	}

	/** Camunda's password check: a JSON object with a user name and a password. */
	private Attempt verify(HttpServletRequest request) throws IOException, Refusal {
		contentType(request, MediaType.APPLICATION_JSON);
		byte[] body = request.getInputStream().readAllBytes();
		JsonNode fields;
		try {
			fields = this.json.readTree(body);
		}
		catch (IOException ex) {
			fields = null;
		}
		if (fields == null || !fields.path("username").isTextual() || !fields.path("password").isTextual()) {
			throw new Refusal(HttpStatus.BAD_REQUEST, "The password check takes a JSON object "
					+ "{\"username\": \"…\", \"password\": \"…\"}, each key once.");
		}
		String user = fields.path("username").asText();
		String password = fields.path("password").asText();
		byte[] canonical = this.json.writeValueAsBytes(Map.of("username", user, "password", password));
		return new Attempt(user, password, new Rewritten(request, canonical, MediaType.APPLICATION_JSON));
	}

	private static MediaType contentType(HttpServletRequest request, MediaType expected) throws Refusal {
		try {
			String header = request.getContentType();
			if (header != null && expected.includes(MediaType.parseMediaType(header))) {
				return MediaType.parseMediaType(header);
			}
		}
		catch (InvalidMediaTypeException ex) {
			// Refused below.
		}
		throw new Refusal(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "This login takes a body of type " + expected + ".");
	}

	private static String once(List<String> values) {
		return (values != null && values.size() == 1) ? values.get(0) : null;
	}

	private static HttpInputMessage message(MediaType type, byte[] body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(type);
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(body);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}

		};
	}

	/** Credentials read from a request, and the request to hand on to Camunda. */
	private record Attempt(String user, String password, HttpServletRequest request) {
	}

	/** A request that cannot be read as a login; answered with its status. */
	private static final class Refusal extends Exception {

		private final HttpStatus status;

		Refusal(HttpStatus status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

	}

	/**
	 * The request with its body replaced by the canonical one, and the headers that
	 * describe a body (type, length, chunking) describing the new one.
	 */
	private static final class Rewritten extends HttpServletRequestWrapper {

		private final Map<String, String> headers;

		private final String type;

		Rewritten(HttpServletRequest request, byte[] body, MediaType type) {
			super(new BufferedBodyRequest(request, body));
			this.type = type.toString();
			this.headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			this.headers.put(HttpHeaders.CONTENT_TYPE, this.type);
			this.headers.put(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
		}

		@Override
		public String getContentType() {
			return this.type;
		}

		@Override
		public String getCharacterEncoding() {
			return StandardCharsets.UTF_8.name();
		}

		@Override
		public String getHeader(String name) {
			if (HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)) {
				return null;
			}
			return this.headers.containsKey(name) ? this.headers.get(name) : super.getHeader(name);
		}

		@Override
		public Enumeration<String> getHeaders(String name) {
			String value = getHeader(name);
			if (this.headers.containsKey(name) || value == null) {
				return Collections.enumeration((value != null) ? List.of(value) : List.of());
			}
			return super.getHeaders(name);
		}

		@Override
		public Enumeration<String> getHeaderNames() {
			Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
			names.addAll(Collections.list(super.getHeaderNames()));
			names.remove(HttpHeaders.TRANSFER_ENCODING);
			names.addAll(this.headers.keySet());
			return Collections.enumeration(names);
		}

	}

}
