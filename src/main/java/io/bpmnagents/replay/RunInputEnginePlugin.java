package io.bpmnagents.replay;

import java.util.ArrayList;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records the input of every run as it starts ({@link RunInputs}): a built-in start
 * listener on every process, so runs started through {@code /api/runs}, Tasklist or
 * {@code /engine-rest} can all be replayed. Processes called by a run are not runs.
 */
@Component
class RunInputEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<RunInputs> inputs;

	RunInputEnginePlugin(ObjectProvider<RunInputs> inputs) {
		this.inputs = inputs;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPostBPMNParseListeners() == null) {
			configuration.setCustomPostBPMNParseListeners(new ArrayList<BpmnParseListener>());
		}
		configuration.getCustomPostBPMNParseListeners().add(new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element element, ProcessDefinitionEntity definition) {
				definition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) (execution) -> {
					ExecutionEntity run = (ExecutionEntity) execution;
					if (run.isProcessInstanceExecution() && run.getSuperExecution() == null) {
						RunInputEnginePlugin.this.inputs.getObject()
							.record(run.getId(), run.getProcessDefinitionId(),
									new java.util.LinkedHashMap<>(run.getVariables()));
					}
				});
			}
		});
	}

}
