package io.bpmnagents.security;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The checks every request passes before authentication (Spring Security's filters run at
 * order -100): the request line (malformed query, first-run setup).
 */
@Configuration(proxyBeanMethods = false)
class RequestGuardsConfiguration {

	@Bean
	FilterRegistrationBean<RequestLineFilter> requestLineFilter() {
		return registration(new RequestLineFilter(), -1100);
	}

	private static <T extends jakarta.servlet.Filter> FilterRegistrationBean<T> registration(T filter, int order) {
		FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		return registration;
	}

}
