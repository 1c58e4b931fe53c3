package io.bpmnagents.simulator;

import io.bpmnagents.llm.LlmProperties;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when the effective LLM provider is the simulator (see {@link LlmProperties}). */
class SimulatorEnabledCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bindOrCreate("llm", Bindable.of(LlmProperties.class))
			.usesSimulator();
	}

}
