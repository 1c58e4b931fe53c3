package io.bpmnagents.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * A test through the HTTP API on a random port, with the background worker and job
 * executor running and the built-in simulator answering over real HTTP through the OpenAI
 * client.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:e2e-tests;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "bpmn-agents.worker.retry-backoff=50ms",
				"llm.provider=simulator",
				// Room for tests that send a wrong password on purpose from 127.0.0.1.
				"bpmn-agents.security.max-login-failures=10" })
@ExtendWith(HealedSimulator.class)
@Import({ ApiClient.class, People.class })
@AutoConfigureObservability(tracing = false)
public @interface EndToEndTest {

}
