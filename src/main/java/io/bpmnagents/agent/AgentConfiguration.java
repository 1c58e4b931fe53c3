package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.mcp.McpToolbox;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class AgentConfiguration {

	/**
	 * The shape of one {@code agents.<name>} entry in configuration; {@code mcp} names
	 * MCP servers (bpmn-agents.mcp.servers) whose tools the agent is offered in every
	 * call, or one tool of a server as {@code <server>/<tool>}; {@code approveTools}
	 * ({@code approve-tools}) which of its tool calls wait for a person's approval.
	 */
	record AgentProperties(String role, String systemPrompt, String model, Double temperature, Integer maxTokens,
			List<String> tools, List<String> mcp, List<String> approveTools, List<String> guardrails) {

		List<String> offered() {
			List<String> offered = new ArrayList<>((tools != null) ? tools : List.of());
			offered.addAll(McpToolbox.offer((mcp != null) ? mcp : List.of(), List.of()));
			return offered;
		}

	}

	@Bean
	AgentRegistry agentRegistry(Environment environment) {
		Map<String, AgentProperties> configured = Binder.get(environment)
			.bind("agents", Bindable.mapOf(String.class, AgentProperties.class))
			.orElse(Map.of());
		Map<String, AgentDefinition> agents = new LinkedHashMap<>();
		configured.forEach((name, p) -> agents.put(name,
				new AgentDefinition(name, p.role(), p.systemPrompt(), p.model(), p.temperature(), p.maxTokens(),
						p.offered(),
						ToolApprovalRule.parse((p.approveTools() != null) ? String.join(",", p.approveTools()) : null,
								"agents." + name + ".approve-tools"),
						p.guardrails())));
		return new AgentRegistry(agents);
	}

}
