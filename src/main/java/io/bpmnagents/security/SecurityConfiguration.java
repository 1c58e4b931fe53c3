package io.bpmnagents.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Who may call what. {@code /api}, {@code /engine-rest}, the actuator and the OpenAPI
 * description need HTTP Basic with a Camunda user. The webapps under {@code /camunda}
 * keep their own session login (with Camunda's CSRF protection), and the model simulator
 * checks its own API key; both sit behind the filter for Camunda's known holes.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	private static String[] authorities(List<String> groups) {
		return groups.stream().map((group) -> CamundaGroups.authority(group).getAuthority()).toArray(String[]::new);
	}

	/**
	 * No observation (span, timer) of Spring Security's own for each of its filters, each
	 * authentication and each authorization: about twenty per request, a fifth of a
	 * polled run view's CPU. The request itself is still observed and traced
	 * ({@code http.server.requests}), and a refused login still shows as its status.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, IdentityService identity, CamundaPasswords passwords,
			LoginThrottle throttle, VerifiedLogins verified) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/camunda/**", "/simulator/**")
			.permitAll()
			.requestMatchers("/", "/error")
			.permitAll()
			// A person in no group can log in and do nothing: the registry and the API's
			// description are for the groups, metrics for those who run the service.
			.requestMatchers("/api/agents", "/v3/api-docs/**")
			.hasAnyAuthority(authorities(AccessGroups.ALL))
			.requestMatchers("/actuator/**")
			.hasAnyAuthority(authorities(List.of(AccessGroups.ADMINISTRATORS, AccessGroups.OPERATORS)))
			.anyRequest()
			.authenticated())
			.exceptionHandling((handling) -> handling.accessDeniedHandler((request, response,
					denied) -> ProblemResponse.write(response, HttpStatus.FORBIDDEN, "Your Camunda groups do not allow "
							+ request.getRequestURI()
							+ ". An administrator adds you to a group in the Admin webapp (see docs/security.md).")))
			// Spring Security reads the Basic credentials once; the provider throttles
			// failures of exactly those, and the entry point answers 401 or 429.
			.httpBasic((basic) -> basic.authenticationEntryPoint(new LoginRefusals()))
			.authenticationProvider(new CamundaUserAuthenticationProvider(identity, passwords, throttle, verified))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
				// Requests are authenticated one by one and log nobody in to a session:
				// the webapps' session (WebappSessionFilter) keeps its id, which a
				// session-fixation change would swap under the page's other requests.
				.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
			// Basic-auth API calls carry no cookies to forge; the webapps have their own
			// CSRF filter, and /api calls with a webapp session need its token
			// (WebappSessionFilter).
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.frameOptions((frame) -> frame.sameOrigin()))
			.addFilterBefore(new KnownHolesFilter(), HeaderWriterFilter.class)
			.addFilterAfter(new WebappSessionFilter(identity), BasicAuthenticationFilter.class)
			.addFilterAfter(new EngineIdentityFilter(identity), WebappSessionFilter.class);
		return http.build();
	}

}
