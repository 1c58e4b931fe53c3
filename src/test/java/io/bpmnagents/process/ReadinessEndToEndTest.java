package io.bpmnagents.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orchestrators learn from the probes when the app can take runs, and the app turns ready
 * only once processes/ is deployed. Watching the start needs an application of its own:
 * with its own database, so its worker takes no other test's tasks, and closed
 * afterwards.
 */
@EndToEndTest
@Import(ReadinessEndToEndTest.DeployedWhenReady.class)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:readiness-test;DB_CLOSE_DELAY=-1")
@DirtiesContext
class ReadinessEndToEndTest {

	@LocalServerPort
	int port;

	@Autowired
	DeployedWhenReady recorder;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness" })
	void theProbesAnswerWithoutCredentialsAndWithoutDetails(String path) throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send("GET", path, Map.of(), null);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	@Test
	void theRestOfTheHealthEndpointStillNeedsCredentials() throws Exception {
		assertThat(new RawHttp(this.port).send("GET", "/actuator/health", Map.of(), null).status()).isEqualTo(401);
	}

	@Test
	void readinessTurnsToAcceptingTrafficOnlyAfterTheProcessesAreDeployed() {
		assertThat(this.recorder.definitionsWhenAccepting).hasSize(1);
		assertThat(this.recorder.definitionsWhenAccepting.get(0)).isPositive();
	}

	/** Counts the deployed process models at the moment readiness turns. */
	@TestConfiguration
	static class DeployedWhenReady {

		final List<Long> definitionsWhenAccepting = new ArrayList<>();

		@Bean
		Object readinessListener(RepositoryService repository) {
			return new Object() {

				@EventListener
				void on(AvailabilityChangeEvent<ReadinessState> event) {
					if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
						DeployedWhenReady.this.definitionsWhenAccepting.add(repository.createProcessDefinitionQuery()
							.processDefinitionKey("sequential-pipeline")
							.count());
					}
				}

			};
		}

	}

}
