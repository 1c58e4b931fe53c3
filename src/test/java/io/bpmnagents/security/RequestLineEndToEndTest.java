package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests are judged by what they address, not by how the address is spelled, and a
 * malformed query string is the client's error.
 */
class RequestLineEndToEndTest extends EndToEndApiTest {

	private static final String INTRUDER = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"X\","
			+ "\"email\":\"i@x.org\"},\"credentials\":{\"password\":\"Intruder-Pass-9\"}}";

	@LocalServerPort
	int port;

	@Autowired
	IdentityService identity;

	@ParameterizedTest
	@ValueSource(strings = { "/camunda/api/admin/setup/default/user/create",
			"//camunda/api/admin/setup/default/user/create", "///camunda/api/admin/setup/default/user/create",
			"/camunda//api/admin/setup/default/user/create", "/camunda/api/admin//setup/default/user/create",
			"/camunda/api/admin/%73etup/default/user/create", "/camunda/api/%61dmin/setup/default/user/create",
			"/%63amunda/api/admin/setup/default/user/create", "/camunda/api/admin/%2573etup/default/user/create",
			"/camunda/api/admin/setup;x=1/default/user/create",
			"/camunda;jsessionid=1/api/admin/setup/default/user/create",
			"/camunda/api/admin;/setup/default/user/create", "/CAMUNDA/API/ADMIN/SETUP/default/user/create",
			"/camunda/api/admin/Setup/default/user/create", "/camunda/api/admin/setup/default/user/create/",
			"/camunda/api/admin/setup/default/user/create//", "/camunda/api/admin/./setup/default/user/create",
			"/camunda/app/../api/admin/setup/default/user/create", "/camunda/api/admin/setup/default/user/./create",
			"/camunda/api/admin/setup/default/user/create?x=1", "/camunda/api/admin/setup/default/user/create;a=b" })
	void everySpellingOfTheFirstRunSetupIsRefused_CVE_2026_77226(String path) throws Exception {
		RawHttp.Response response = createTheIntruderAt(path);

		assertThat(response.status()).as(response.body()).isIn(403, 404);
		assertThat(this.identity.createUserQuery().userId("intruder").count()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/camunda/api/admin/setup%2Fdefault/user/create",
			"/camunda/api/admin%2Fsetup/default/user/create",
			"/camunda/api/admin/%2e%2e/admin/setup/default/user/create",
			"/camunda/api/admin/setup%5Cdefault/user/create" })
	void spellingsTheServerItselfRejectsAreNeverAServerError(String path) throws Exception {
		RawHttp.Response response = createTheIntruderAt(path);

		assertThat(response.status()).as(response.body()).isBetween(400, 499);
		assertThat(this.identity.createUserQuery().userId("intruder").count()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/runs?%zz", "/api/runs?a=%", "/api/runs?a=%4", "/api/agents?x=%G1",
			"/engine-rest/task?name=%zz", "/camunda/api/engine/engine/default/task?a=%", "/actuator/health?%%" })
	void aMalformedQueryStringIsABadRequestBeforeAuthentication(String target) throws Exception {
		RawHttp.Response anonymous = new RawHttp(this.port).send("GET", target, Map.of(), null);
		RawHttp.Response authenticated = new RawHttp(this.port).send("GET", target,
				Map.of("Authorization", RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD)), null);

		assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(400);
		assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
		assertThat(anonymous.body()).contains("%25");
		assertThat(authenticated.status()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/runs/%zz", "/api/runs/%", "/engine-rest/task/%G1", "/api/%2e%2e/runs" })
	void aMalformedPathIsAClientErrorBeforeAuthentication(String target) throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send("GET", target, Map.of(), null);

		assertThat(response.status()).as(response.body()).isBetween(400, 499);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/agents?name=a%20b", "/api/agents?q=100%25", "/api/agents?x=%ff%fe" })
	void aWellFormedQueryStringPasses(String target) throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send("GET", target,
				Map.of("Authorization", RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD)), null);

		assertThat(response.status()).isEqualTo(200);
	}

	/** Sends the first-run setup's request that would create the intruder's account. */
	private RawHttp.Response createTheIntruderAt(String path) throws Exception {
		return new RawHttp(this.port).send("POST", path, Map.of("Content-Type", "application/json"),
				INTRUDER.getBytes(StandardCharsets.UTF_8));
	}

}
