package io.bpmnagents.contract;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes the engine itself hold every process to its declared contract (see
 * {@link ContractParseListener}), so a run started from Tasklist, {@code /engine-rest} or
 * a call activity gets the same defaults and refusals as one started through
 * {@code /api/runs}; and starts only what its owner may start ({@link StartGrants}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ContractEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<AgentRegistry> agents;

	private final RunsProperties properties;

	private final ObjectProvider<KnownPeople> people;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		// Looked up when a process starts: definitions may be parsed while the engine
		// starts.
		EngineHooks.addParseListener(configuration,
				new ContractParseListener(() -> new InputCheck(this.agents.getObject(), this.properties.maxLoopCount(),
						this.people.getObject())));
		EngineHooks.addParseListener(configuration, new StartGrants());
	}

}
