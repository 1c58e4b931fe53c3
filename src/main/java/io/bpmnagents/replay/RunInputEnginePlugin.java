package io.bpmnagents.replay;

import io.bpmnagents.engine.EngineHooks;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records the input of every run as it starts ({@link RunInputs}): a built-in start
 * listener on every process, so runs started through {@code /api/runs}, Tasklist or
 * {@code /engine-rest} can all be replayed. Processes called by a run are not runs.
 * Object values are read serialized ({@code getVariablesTyped(false)}): recording them
 * needs their JSON, not an object of whatever class the client named.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunInputEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<RunInputs> inputs;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.onRun(configuration, ExecutionListener.EVENTNAME_START, (run) -> this.inputs.getObject()
			.record(run.getId(), run.getProcessDefinitionId(), run.getVariablesTyped(false)));
	}

}
