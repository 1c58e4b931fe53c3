package io.bpmnagents.pattern.conversation;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

import org.springframework.stereotype.Component;

/**
 * Marks, when a diagram is parsed, the tasks that take a person's message into a
 * conversation ({@link PersonMessageTasks}).
 */
@Component
class ConversationEnginePlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addParseListener(configuration, PersonMessageTasks.LISTENER);
	}

}
