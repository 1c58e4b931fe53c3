package io.bpmnagents.simulator;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@Conditional(SimulatorEnabledCondition.class)
class SimulatorConfiguration {

	@Bean
	SimulatorEndpoint simulatorEndpoint(@Value("${server.servlet.context-path:}") String contextPath) {
		return new SimulatorEndpoint(contextPath);
	}

	/** Before the request size limit and anything else that reads the body. */
	@Bean
	FilterRegistrationBean<SimulatorRequestGuard> simulatorRequestGuard(SimulatorEndpoint endpoint) {
		FilterRegistrationBean<SimulatorRequestGuard> registration = new FilterRegistrationBean<>(
				new SimulatorRequestGuard(endpoint));
		registration.setOrder(-850);
		return registration;
	}

	@Bean
	Simulator simulator(SimulatorProperties properties) {
		return new Simulator(properties);
	}

}
