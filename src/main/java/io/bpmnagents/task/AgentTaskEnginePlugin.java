package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.HashMap;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Hooks agent tasks into the engine (see {@link AgentTaskParseListener}) and closes the
 * engine's expression language to Spring beans: no process needs them, and an expression
 * that can reach every bean is an attack surface.
 */
@Component
class AgentTaskEnginePlugin extends AbstractProcessEnginePlugin {

	private final ObjectProvider<AgentTaskWorker> worker;

	AgentTaskEnginePlugin(ObjectProvider<AgentTaskWorker> worker) {
		this.worker = worker;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPostBPMNParseListeners() == null) {
			configuration.setCustomPostBPMNParseListeners(new ArrayList<BpmnParseListener>());
		}
		configuration.getCustomPostBPMNParseListeners()
			.add(new AgentTaskParseListener(() -> this.worker.ifAvailable(AgentTaskWorker::wakeUp)));
		configuration.getCustomPostBPMNParseListeners().add(new AnswerSchemaParseListener());
		configuration.setBeans(new HashMap<>());
	}

}
