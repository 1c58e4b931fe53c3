package io.bpmnagents.agent;

import io.bpmnagents.tool.ToolRegistry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when an agent of the registry names a tool that does not exist: a typo
 * in agents.yml is found at start, not when a run reaches the agent.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentToolsCheck implements SmartInitializingSingleton {

	private final AgentRegistry agents;

	private final ToolRegistry tools;

	@Override
	public void afterSingletonsInstantiated() {
		for (AgentDefinition agent : this.agents.all()) {
			this.tools.requireKnown(agent.tools(), "Agent '" + agent.name() + "' (agents." + agent.name() + ".tools)");
		}
	}

}
