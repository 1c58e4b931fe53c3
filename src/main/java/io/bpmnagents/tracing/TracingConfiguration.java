package io.bpmnagents.tracing;

import org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	/** Lets a run's root span take the ids its calls' spans already point to. */
	@Bean
	SdkTracerProviderBuilderCustomizer runSpanIds() {
		return (builder) -> builder.setIdGenerator(new RunSpanIds());
	}

}
