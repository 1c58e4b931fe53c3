package io.bpmnagents.agent;

import io.bpmnagents.llm.ModelSettings;

/**
 * One member of the registry: who the agent is and how its model is called. Fields left
 * empty in configuration fall back to the LLM defaults when the call is made.
 */
public record AgentDefinition(String name, String role, String systemPrompt, String model, Double temperature,
		Integer maxTokens) implements ModelSettings {

	public AgentDefinition {
		if (role == null || role.isBlank()) {
			role = name;
		}
		if (systemPrompt == null || systemPrompt.isBlank()) {
			systemPrompt = "You are the " + role + ".";
		}
	}

}
