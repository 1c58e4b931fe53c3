package io.bpmnagents.security;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.stereotype.Component;

/**
 * Gives the engine {@link GuardedExpressionManager} in place of the one Camunda's Spring
 * integration sets before any plugin runs. Replaced in {@code preInit}, before the engine
 * and other plugins (Spin, in {@code postInit}) add their functions to it, so they all
 * land on the guarded one.
 */
@Component
class ExpressionGuardPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		configuration.setExpressionManager(new GuardedExpressionManager());
	}

}
