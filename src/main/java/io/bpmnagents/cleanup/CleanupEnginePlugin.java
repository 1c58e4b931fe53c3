package io.bpmnagents.cleanup;

import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Puts {@link RunDataCleanupJobHandler} in place of the engine's history cleanup job
 * handler (a custom handler of the same type replaces the built-in one), unless
 * {@code bpmn-agents.cleanup.enabled} is false.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CleanupEnginePlugin extends AbstractProcessEnginePlugin {

	private final CleanupProperties properties;

	private final ObjectProvider<RunDataCleanup> cleanup;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (!this.properties.enabled()) {
			return;
		}
		EngineHooks.addJobHandler(configuration, new RunDataCleanupJobHandler(this.cleanup::getObject));
	}

}
