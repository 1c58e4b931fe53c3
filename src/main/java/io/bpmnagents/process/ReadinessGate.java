package io.bpmnagents.process;

import java.io.IOException;

import io.bpmnagents.security.ProblemResponse;
import io.bpmnagents.security.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code /api} only once the application accepts traffic. The port opens before
 * {@link ProcessesDeployer} has deployed processes/, and a run started then would meet
 * "unknown process". Spring Boot turns readiness to {@code ACCEPTING_TRAFFIC} after every
 * start-up listener, the deployer included, has returned; the readiness probe reports the
 * same state.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ReadinessGate extends OncePerRequestFilter {

	private final ApplicationAvailability availability;

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !RequestPaths.isUnder(request, "/api");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			response.setHeader("Retry-After", "5");
			ProblemResponse.write(response, HttpStatus.SERVICE_UNAVAILABLE,
					"The application is starting: the processes are not deployed yet. Try again shortly.");
			return;
		}
		chain.doFilter(request, response);
	}

}
