package io.bpmnagents.process;

import java.util.ArrayList;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.variable.serializer.TypedValueSerializer;

import org.springframework.stereotype.Component;

/**
 * Registers {@link LongTextSerializer} ahead of Camunda's own serializers and
 * {@link LongTextHistoryEventProducer} as the history producer, so that no route that
 * sets a long text variable (a Tasklist form, {@code /engine-rest}, an expression) fails
 * on the database's 4,000-character text columns.
 */
@Component
class LongTextEnginePlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		if (configuration.getCustomPreVariableSerializers() == null) {
			configuration.setCustomPreVariableSerializers(new ArrayList<TypedValueSerializer>());
		}
		configuration.getCustomPreVariableSerializers().add(new LongTextSerializer());
		configuration.setHistoryEventProducer(new LongTextHistoryEventProducer());
	}

}
