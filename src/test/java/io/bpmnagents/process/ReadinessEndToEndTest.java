package io.bpmnagents.process;

import java.util.Map;

import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orchestrators learn from the probes when the app can take runs, and the app turns ready
 * only once processes/ is deployed.
 */
class ReadinessEndToEndTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationAvailability availability;

	@Autowired
	RepositoryService repository;

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
	void readinessTurnedToAcceptingTrafficAfterTheProcessesWereDeployed() {
		AvailabilityChangeEvent<ReadinessState> ready = this.availability.getLastChangeEvent(ReadinessState.class);
		Deployment processes = this.repository.createDeploymentQuery()
			.deploymentSource(ProcessesDeployer.SOURCE)
			.orderByDeploymentTime()
			.desc()
			.listPage(0, 1)
			.get(0);

		assertThat(ready.getState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
		assertThat(ready.getTimestamp()).isGreaterThanOrEqualTo(processes.getDeploymentTime().getTime());
	}

}
