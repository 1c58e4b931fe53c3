package io.bpmnagents.process;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReadinessConfiguration {

	/** Ahead of authentication: a starting app answers 503 whoever asks. */
	@Bean
	FilterRegistrationBean<ReadinessGate> readinessGate(ApplicationAvailability availability) {
		FilterRegistrationBean<ReadinessGate> registration = new FilterRegistrationBean<>(
				new ReadinessGate(availability));
		registration.setOrder(-1000);
		return registration;
	}

}
