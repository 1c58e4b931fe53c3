package io.bpmnagents.security;

import java.time.Clock;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The checks every request passes before authentication (Spring Security's filters run at
 * order -100), in this order: the request line (malformed query, first-run setup),
 * readiness (in the process package), cross-site origin, the simulator's door (in the
 * simulator package), the body size, then failed-login throttling of the passwords sent
 * in a body (HTTP Basic is throttled where Spring Security reads it). The health probes
 * need no credentials.
 */
@Configuration(proxyBeanMethods = false)
class RequestGuardsConfiguration {

	@Bean
	FilterRegistrationBean<RequestLineFilter> requestLineFilter() {
		return registration(new RequestLineFilter(), -1100);
	}

	@Bean
	FilterRegistrationBean<CrossSiteRequestFilter> crossSiteRequestFilter(RequestGuardsProperties limits) {
		return registration(new CrossSiteRequestFilter(limits.allowedOrigins()), -900);
	}

	@Bean
	FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(RequestGuardsProperties limits) {
		return registration(new BodyLimitFilter(limits), -800);
	}

	@Bean
	CamundaPasswords camundaPasswords(IdentityService identity, ProcessEngine engine) {
		return new CamundaPasswords(identity, (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration());
	}

	@Bean
	VerifiedLogins verifiedLogins(RequestGuardsProperties limits) {
		return new VerifiedLogins(limits.loginCacheFor());
	}

	@Bean
	LoginThrottle loginThrottle(RequestGuardsProperties limits) {
		return new LoginThrottle(LoginThrottle.Limits.of(limits), Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle,
			CamundaPasswords passwords) {
		return registration(new LoginThrottleFilter(throttle, passwords), -700);
	}

	/**
	 * Orchestrators probe liveness and readiness without credentials; the answers carry
	 * the state only ({@code management.endpoint.health.show-details: never}).
	 */
	@Bean
	@Order(1)
	SecurityFilterChain probesFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/actuator/health/liveness", "/actuator/health/readiness")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	private static <T extends jakarta.servlet.Filter> FilterRegistrationBean<T> registration(T filter, int order) {
		FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		return registration;
	}

}
