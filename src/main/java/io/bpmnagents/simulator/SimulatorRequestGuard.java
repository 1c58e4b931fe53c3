package io.bpmnagents.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import io.bpmnagents.security.ProblemResponse;
import io.bpmnagents.security.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The simulator's door, ahead of everything that reads a body: only this machine
 * (loopback) is answered, and only with the simulator's key; the body is read only after
 * both checks passed (and then within the request size limit).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class SimulatorRequestGuard extends OncePerRequestFilter {

	/**
	 * When the request reached the simulator ({@link System#nanoTime()}): its latency
	 * counts from here, as a provider's counts from when the request reached it.
	 */
	static final String ARRIVED = "io.bpmnagents.simulator.arrived";

	private final SimulatorEndpoint endpoint;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RequestPaths.isUnder(request, "/simulator");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		request.setAttribute(ARRIVED, System.nanoTime());
		if (!loopback(request.getRemoteAddr())) {
			ProblemResponse.write(response, HttpStatus.FORBIDDEN,
					"The model simulator answers only callers on this machine.");
			return;
		}
		if (!("Bearer " + this.endpoint.apiKey()).equals(request.getHeader("Authorization"))) {
			response.setHeader("Connection", "close");
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			response.setContentType(MediaType.APPLICATION_JSON_VALUE);
			// OpenAI's error shape, which OpenAI clients understand.
			response.getWriter()
				.write("{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_api_key\","
						+ "\"code\":\"invalid_api_key\"}}");
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean loopback(String address) {
		if (address == null || address.isBlank() || !isLiteral(address)) {
			return false;
		}
		try {
			// A literal address is parsed, never looked up.
			return InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean isLiteral(String address) {
		return address.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '%');
	}

}
