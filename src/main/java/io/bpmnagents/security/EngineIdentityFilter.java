package io.bpmnagents.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tells the engine who calls, for every request authenticated here ({@code /engine-rest},
 * {@code /api} and whatever is added later), so Camunda's authorization checks apply to
 * every engine call a request makes, whichever API it came through, and operations carry
 * the person in Camunda's history (a run's start user, the operation log). Work without a
 * request (the agent worker, the job executor) runs without a person, which Camunda does
 * not restrict.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class EngineIdentityFilter extends OncePerRequestFilter {

	private final IdentityService identity;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			chain.doFilter(request, response);
			return;
		}
		List<String> groups = CamundaGroups.of(authentication);
		this.identity.setAuthentication(authentication.getName(), groups);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.identity.clearAuthentication();
		}
	}

}
