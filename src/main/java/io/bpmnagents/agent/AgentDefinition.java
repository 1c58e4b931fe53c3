package io.bpmnagents.agent;

import java.util.List;

import io.bpmnagents.llm.ModelSettings;

/**
 * One member of the registry: who the agent is and how its model is called. Fields left
 * empty in configuration fall back to the LLM defaults when the call is made.
 *
 * @param tools the tools offered to the agent in every call (names from the tool
 * registry); an agent task may offer more
 * @param approveTools which of the agent's tool calls wait for a person's approval in
 * every task ({@code agents.<name>.approve-tools}, see {@link ToolApprovalRule})
 * @param guardrails the guardrails of every call of the agent, in order, before those of
 * a task ({@code agents.<name>.guardrails})
 * @param a2a the agent card URL of a remote A2A agent that answers in place of a model
 * ({@code agents.<name>.a2a}); {@code null} for a model-backed agent
 */
public record AgentDefinition(String name, String role, String systemPrompt, String model, Double temperature,
		Integer maxTokens, List<String> tools, List<ToolApprovalRule> approveTools, List<String> guardrails,
		String a2a) implements ModelSettings {

	public AgentDefinition(String name, String role, String systemPrompt, String model, Double temperature,
			Integer maxTokens, List<String> tools, List<ToolApprovalRule> approveTools, List<String> guardrails) {
		this(name, role, systemPrompt, model, temperature, maxTokens, tools, approveTools, guardrails, null);
	}

	public AgentDefinition(String name, String role, String systemPrompt, String model, Double temperature,
			Integer maxTokens, List<String> tools) {
		this(name, role, systemPrompt, model, temperature, maxTokens, tools, List.of(), List.of());
	}

	public AgentDefinition(String name, String role, String systemPrompt, String model, Double temperature,
			Integer maxTokens) {
		this(name, role, systemPrompt, model, temperature, maxTokens, List.of());
	}

	public AgentDefinition {
		tools = (tools != null) ? List.copyOf(tools) : List.of();
		approveTools = (approveTools != null) ? List.copyOf(approveTools) : List.of();
		guardrails = (guardrails != null) ? List.copyOf(guardrails) : List.of();
		if (a2a != null && a2a.isBlank()) {
			a2a = null;
		}
		if (role == null || role.isBlank()) {
			role = name;
		}
		if (systemPrompt == null || systemPrompt.isBlank()) {
			systemPrompt = "You are the " + role + ".";
		}
	}

	/** Whether a remote A2A agent answers instead of a model. */
	public boolean remote() {
		return this.a2a != null;
	}

}
