package io.bpmnagents.simulator;

import org.springframework.beans.factory.annotation.Value;
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

	@Bean
	Simulator simulator(SimulatorProperties properties) {
		return new Simulator(properties);
	}

}
