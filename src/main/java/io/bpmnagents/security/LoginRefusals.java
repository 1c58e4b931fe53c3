package io.bpmnagents.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * How a login is refused: {@code 429} with {@code Retry-After} when the client has used
 * up its allowance of failures ({@link LoginThrottle}), {@code 401} with a Basic
 * challenge otherwise. It is the entry point of HTTP Basic, so a request without
 * credentials gets the challenge too.
 */
class LoginRefusals implements AuthenticationEntryPoint {

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof Throttled throttled) {
			tooMany(response, throttled.retryAfter);
			return;
		}
		response.setHeader("WWW-Authenticate", "Basic realm=\"Realm\"");
		ProblemResponse.write(response, HttpStatus.UNAUTHORIZED, (ex instanceof BadCredentialsException)
				? "Bad user name or password." : "Log in with HTTP Basic as a Camunda user.");
	}

	static void tooMany(HttpServletResponse response, Duration retryAfter) throws IOException {
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		response.setHeader("Retry-After", Long.toString(seconds));
		ProblemResponse.write(response, HttpStatus.TOO_MANY_REQUESTS,
				"Too many failed logins; try again in " + seconds + " seconds. The password was not checked.");
	}

	/** The client has used up its allowance of failed logins. */
	static final class Throttled extends AuthenticationException {

		private final transient Duration retryAfter;

		Throttled(Duration retryAfter) {
			super("Too many failed logins");
			this.retryAfter = retryAfter;
		}

	}

}
