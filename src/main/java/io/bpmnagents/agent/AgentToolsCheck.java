package io.bpmnagents.agent;

import io.bpmnagents.tool.ToolRegistry;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when an agent of the registry names a tool that does not exist: a typo
 * in agents.yml is found at start, not when a run reaches the agent.
 */
@Component
class AgentToolsCheck implements SmartInitializingSingleton {

	private final AgentRegistry agents;

	private final ToolRegistry tools;

	AgentToolsCheck(AgentRegistry agents, ToolRegistry tools) {
		this.agents = agents;
		this.tools = tools;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (AgentDefinition agent : this.agents.all()) {
			this.tools.requireKnown(agent.tools(), "Agent '" + agent.name() + "' (agents." + agent.name() + ".tools)");
		}
	}

}
