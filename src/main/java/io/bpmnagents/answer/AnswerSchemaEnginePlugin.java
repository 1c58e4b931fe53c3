package io.bpmnagents.answer;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.stereotype.Component;

/**
 * Reads and checks answer schemas when a diagram is deployed
 * ({@link AnswerSchemaParseListener}), for every service task that declares one: the
 * agent task's and the patterns' own topics alike.
 */
@Component
class AnswerSchemaEnginePlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, new AnswerSchemaParseListener());
	}

}
