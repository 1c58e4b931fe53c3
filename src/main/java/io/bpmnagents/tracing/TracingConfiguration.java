package io.bpmnagents.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.tracing.SdkTracerProviderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

	/** Lets a run's root span take the ids its calls' spans already point to. */
	@Bean
	SdkTracerProviderBuilderCustomizer runSpanIds() {
		return (builder) -> builder.setIdGenerator(new RunSpanIds());
	}

	/**
	 * First among the tracing handlers: Spring Boot lets the first that supports an
	 * observation make its span.
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	ModelCallSpans modelCallSpans(AgentTracing tracing, ObjectProvider<Tracer> tracer) {
		return new ModelCallSpans(tracing, tracer.getIfAvailable(() -> Tracer.NOOP));
	}

	@Bean
	ModelCallMeters modelCallMeters(MeterRegistry meters) {
		return new ModelCallMeters(meters);
	}

}
