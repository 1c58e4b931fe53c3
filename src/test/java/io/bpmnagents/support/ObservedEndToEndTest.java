package io.bpmnagents.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.langchain4j.model.chat.ChatModel;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Qualifier;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Primary;

/**
 * A test through the HTTP API as {@link EndToEndTest}, with tracing on and its spans kept
 * in memory ({@link InMemorySpanExporter}), and a model that a test may swap for another
 * ({@link SwitchableModel}; the simulator over HTTP otherwise). Its own database, so no
 * other test's worker takes its tasks, and its own engine name.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:observed-tests;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "bpmn-agents.worker.retry-backoff=50ms",
				"llm.provider=simulator", "bpmn-agents.security.max-login-failures=10",
				// An engine of its own name: Camunda keeps engines in a static registry
				// by
				// name, and the suite's other contexts must keep finding their own.
				"camunda.bpm.process-engine-name=observedTests", "camunda.bpm.webapp.enabled=false" })
@ExtendWith(HealedSimulator.class)
@Import({ ApiClient.class, People.class, ObservedEndToEndTest.Beans.class })
@AutoConfigureObservability
public @interface ObservedEndToEndTest {

	@TestConfiguration(proxyBeanMethods = false)
	class Beans {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		@Primary
		SwitchableModel switchableModel(@Qualifier("chatModel") @Lazy ChatModel simulator) {
			return new SwitchableModel(simulator);
		}

	}

}
