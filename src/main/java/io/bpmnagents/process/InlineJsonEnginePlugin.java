package io.bpmnagents.process;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.variable.serializer.VariableSerializers;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.spin.DataFormats;

import org.springframework.stereotype.Component;

/**
 * Puts {@link InlineJsonSerializer} just before Spin's JSON serializer, so it stores
 * every JSON object value that Spin's would have stored, whoever sets it (the engine
 * picks the first serializer that can write a value: ahead of the primitive ones, it
 * would store numbers as JSON too). Once the engine is built: Spin's plugin adds its
 * serializers at the end of the engine's setup, in whatever order the plugins run.
 */
@Component
class InlineJsonEnginePlugin extends AbstractProcessEnginePlugin {

	/** The name of Spin's serializer of JSON object values. */
	static final String SPIN_JSON = "spin://application/json";

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		VariableSerializers serializers = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration())
			.getVariableSerializers();
		int spin = serializers.getSerializerIndexByName(SPIN_JSON);
		if (spin >= 0) {
			serializers.addSerializer(new InlineJsonSerializer(DataFormats.json()), spin);
		}
	}

}
