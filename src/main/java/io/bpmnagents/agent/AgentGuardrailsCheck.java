package io.bpmnagents.agent;

import io.bpmnagents.guardrail.Guardrails;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when an agent names a guardrail that does not exist
 * ({@code agents.<name>.guardrails}): a typo is found at start, not in a run.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentGuardrailsCheck implements SmartInitializingSingleton {

	private final AgentRegistry agents;

	private final Guardrails guardrails;

	@Override
	public void afterSingletonsInstantiated() {
		for (AgentDefinition agent : this.agents.all()) {
			try {
				this.guardrails.requireKnown(agent.guardrails(),
						"Agent '" + agent.name() + "' (agents." + agent.name() + ".guardrails)");
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(ex.getMessage(), ex);
			}
		}
	}

}
