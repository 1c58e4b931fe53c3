package io.bpmnagents.security;

import org.camunda.bpm.engine.IdentityService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
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

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, IdentityService identity) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/camunda/**", "/simulator/**")
			.permitAll()
			.requestMatchers("/", "/error")
			.permitAll()
			.anyRequest()
			.authenticated())
			.httpBasic(Customizer.withDefaults())
			.authenticationProvider(new CamundaUserAuthenticationProvider(identity))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// Basic-auth API calls carry no cookies to forge; the webapps have their own
			// CSRF filter.
			.csrf((csrf) -> csrf.disable())
			.headers((headers) -> headers.frameOptions((frame) -> frame.sameOrigin()))
			.addFilterBefore(new KnownHolesFilter(), HeaderWriterFilter.class)
			.addFilterAfter(new EngineIdentityFilter(identity), BasicAuthenticationFilter.class);
		return http.build();
	}

}
