package io.bpmnagents.security;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link InertResponsesFilter} ahead of every other filter (the request guards
 * start at -1100), and for error pages and async dispatches as well, so refusals, errors
 * and streamed answers carry its headers too.
 */
@Configuration(proxyBeanMethods = false)
class InertResponsesConfiguration {

	@Bean
	FilterRegistrationBean<InertResponsesFilter> inertResponsesFilter(CamundaBpmProperties camunda) {
		FilterRegistrationBean<InertResponsesFilter> registration = new FilterRegistrationBean<>(
				new InertResponsesFilter(camunda.getWebapp().getApplicationPath()));
		registration.setOrder(-1200);
		registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
		return registration;
	}

}
