package io.bpmnagents.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

	/** The shape of one {@code agents.<name>} entry in configuration. */
	record AgentProperties(String role, String systemPrompt, String model, Double temperature, Integer maxTokens,
			List<String> tools, List<String> guardrails) {
	}

	@Bean
	AgentRegistry agentRegistry(Environment environment) {
		Map<String, AgentProperties> configured = Binder.get(environment)
			.bind("agents", Bindable.mapOf(String.class, AgentProperties.class))
			.orElse(Map.of());
		Map<String, AgentDefinition> agents = new LinkedHashMap<>();
		configured.forEach((name, p) -> agents.put(name, new AgentDefinition(name, p.role(), p.systemPrompt(),
				p.model(), p.temperature(), p.maxTokens(), p.tools(), p.guardrails())));
		return new AgentRegistry(agents);
	}

}
