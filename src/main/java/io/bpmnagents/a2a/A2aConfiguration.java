package io.bpmnagents.a2a;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(A2aProperties.class)
class A2aConfiguration {

	@Bean
	RemoteAgents remoteAgents(A2aProperties properties) {
		return new RemoteAgents(properties);
	}

}
