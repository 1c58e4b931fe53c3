package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.a2a.RemoteAgents;
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
	 * ({@code approve-tools}) which of its tool calls wait for a person's approval;
	 * {@code a2a} the agent card URL of a remote A2A agent answering in place of a model.
	 */
	record AgentProperties(String role, String systemPrompt, String model, Double temperature, Integer maxTokens,
			List<String> tools, List<String> mcp, List<String> approveTools, List<String> guardrails, String a2a) {

		List<String> offered() {
			List<String> offered = new ArrayList<>((tools != null) ? tools : List.of());
			offered.addAll(McpToolbox.offer((mcp != null) ? mcp : List.of(), List.of()));
			return offered;
		}

		/**
		 * A remote agent brings its own model, instructions and tools: settings for a
		 * model would be silently ignored, so they stop the app instead.
		 */
		void checkRemote(String name) {
			if (a2a == null || a2a.isBlank()) {
				return;
			}
			RemoteAgents.checkCardUrl(name, a2a);
			if (!offered().isEmpty() || model != null || systemPrompt != null || approveTools != null) {
				throw new IllegalArgumentException("agents." + name + " is a remote A2A agent (a2a: " + a2a
						+ "): it has its own model, instructions and tools, so 'model', 'system-prompt', 'tools', "
						+ "'mcp' and 'approve-tools' do not apply to it; remove them");
			}
		}

	}

	@Bean
	AgentRegistry agentRegistry(Environment environment) {
		Map<String, AgentProperties> configured = Binder.get(environment)
			.bind("agents", Bindable.mapOf(String.class, AgentProperties.class))
			.orElse(Map.of());
		Map<String, AgentDefinition> agents = new LinkedHashMap<>();
		configured.forEach((name, p) -> p.checkRemote(name));
		configured.forEach((name, p) -> agents.put(name,
				new AgentDefinition(name, p.role(), p.systemPrompt(), p.model(), p.temperature(), p.maxTokens(),
						p.offered(),
						ToolApprovalRule.parse((p.approveTools() != null) ? String.join(",", p.approveTools()) : null,
								"agents." + name + ".approve-tools"),
						p.guardrails(), p.a2a())));
		return new AgentRegistry(agents);
	}

}
