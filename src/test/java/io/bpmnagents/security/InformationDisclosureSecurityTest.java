package io.bpmnagents.security;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is told to those who may not know it: whether a process exists, to a person who
 * may not read it; the engine's metrics, to anybody but operators and administrators.
 */
class InformationDisclosureSecurityTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Test
	void agentFiguresOfAProcessAPersonMayNotReadAreAnsweredAsIfItDidNotExist() {
		Person nobody = this.people.inGroups();

		ResponseEntity<JsonNode> deployed = nobody.get("/api/processes/sequential-pipeline/agent-figures");
		ResponseEntity<JsonNode> missing = nobody.get("/api/processes/no-such-process/agent-figures");

		assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(404);
		assertThat(missing.getStatusCode().value()).isEqualTo(404);
		assertThat(deployed.getBody().path("title")).isEqualTo(missing.getBody().path("title"));
	}

	@Test
	void agentFiguresStayForThoseWhoMayReadTheProcess() {
		for (Person person : List.of(this.people.inGroups(AccessGroups.OPERATORS),
				this.people.inGroups(AccessGroups.MODELLERS))) {
			assertThat(person.get("/api/processes/sequential-pipeline/agent-figures").getStatusCode().value())
				.isEqualTo(200);
		}
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "/engine-rest/metrics/activity-instance-start/sum", "/engine-rest/metrics/job-successful/sum",
					"/engine-rest/metrics?name=activity-instance-start", "/engine-rest/metrics" })
	void engineMetricsAreForOperatorsAndAdministrators(String path) {
		assertThat(this.people.inGroups().get(path).getStatusCode().value()).as(path).isEqualTo(403);
		assertThat(this.people.inGroups(AccessGroups.MODELLERS).get(path).getStatusCode().value()).as(path)
			.isEqualTo(403);
		assertThat(this.people.inGroups(AccessGroups.APPROVERS).get(path).getStatusCode().value()).as(path)
			.isEqualTo(403);
		assertThat(this.people.inGroups(AccessGroups.OPERATORS).get(path).getStatusCode().value()).as(path)
			.isEqualTo(200);
		assertThat(this.api.get(path).getStatusCode().value()).as(path).isEqualTo(200);
	}

	@Test
	void theWebappsEngineApiRefusesMetricsToo() throws Exception {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		RawHttp http = new RawHttp(this.port);
		String path = "/camunda/api/engine/engine/default/metrics/activity-instance-start/sum";

		WebappSession refused = WebappSession.login(http, modeller.id(), People.PASSWORD, "cockpit");
		WebappSession allowed = WebappSession.login(http, operator.id(), People.PASSWORD, "cockpit");

		assertThat(http.send("GET", path, refused.headers(Map.of()), null).status()).isEqualTo(403);
		assertThat(http.send("GET", path, allowed.headers(Map.of()), null).status()).isEqualTo(200);
	}

}
