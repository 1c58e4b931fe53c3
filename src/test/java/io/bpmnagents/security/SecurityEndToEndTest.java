package io.bpmnagents.security;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityEndToEndTest extends EndToEndApiTest {

	private RestClient anonymous() {
		return this.people.anonymous();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/agents", "/api/runs/any-id", "/api/runs/any-id/transcript",
			"/engine-rest/process-definition", "/engine-rest/engine", "/actuator/prometheus", "/actuator/health",
			"/v3/api-docs" })
	void callsWithoutCredentialsAreRefusedWith401(String path) {
		ResponseEntity<String> response = anonymous().get().uri(path).retrieve().toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(response.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void startingARunWithoutCredentialsIsRefusedAndStartsNothing() {
		int before = runCount();

		ResponseEntity<String> response = anonymous().post()
			.uri("/api/runs")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("process", "sequential-pipeline", "input", Map.of("task", "x")))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(401);
		assertThat(runCount()).isEqualTo(before);
	}

	private int runCount() {
		return this.api.get("/engine-rest/history/process-instance/count").getBody().path("count").asInt();
	}

	@Test
	void aWrongPasswordIsRefused() {
		ResponseEntity<String> response = anonymous().get()
			.uri("/api/agents")
			.headers((headers) -> headers.setBasicAuth(ApiClient.USER, "wrong"))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(401);
	}

	@Test
	void camundaUsersCanCallTheApiTheEngineRestApiAndTheMetrics() {
		assertThat(this.api.get("/api/agents").getStatusCode().value()).isEqualTo(200);
		assertThat(this.api.get("/engine-rest/process-definition").getStatusCode().value()).isEqualTo(200);
		assertThat(this.api.http().get().uri("/actuator/prometheus").retrieve().toEntity(String.class).getStatusCode())
			.hasToString("200 OK");
		assertThat(this.api.get("/v3/api-docs").getBody().path("paths").has("/api/runs")).isTrue();
	}

	@Test
	void theSimulatorRefusesCallersWithoutItsKey() {
		ResponseEntity<String> response = anonymous().post()
			.uri("/simulator/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((headers) -> headers.setBearerAuth("guess"))
			.body(Map.of("model", "gpt-4o", "messages", new Object[] { Map.of("role", "user", "content", "hi") }))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(401);
	}

	@Test
	void theAdminWebappsFirstRunSetupIsBlocked_CVE_2026_77226() {
		ResponseEntity<String> response = anonymous().post()
			.uri("/camunda/api/admin/setup/default/user/create")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("profile", Map.of("id", "intruder", "firstName", "I", "lastName", "X", "email", "i@x.org"),
					"credentials", Map.of("password", "Intruder-Pass-9")))
			.retrieve()
			.toEntity(String.class);

		assertThat(response.getStatusCode().value()).isEqualTo(403);
		assertThat(response.getBody()).contains("CVE-2026-77226");
		assertThat(this.api.get("/engine-rest/user?id=intruder").getBody().size()).isZero();
	}

	@Test
	void taskQueriesWithExpressionsInOrQueriesAreRefused_CVE_2026_109432() {
		ResponseEntity<JsonNode> posted = this.api.post("/engine-rest/task",
				Map.of("orQueries", new Object[] { Map.of("assigneeExpression", "${currentUser()}") }));
		ResponseEntity<JsonNode> hashForm = this.api.post("/engine-rest/task/count",
				Map.of("orQueries", new Object[] { Map.of("nameLikeExpression", "#{'x'}") }));
		ResponseEntity<JsonNode> inWebappApi = anonymous().post()
			.uri("/camunda/api/engine/engine/default/task")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orQueries", new Object[] { Map.of("assigneeExpression", "${1+1}") }))
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(posted.getStatusCode().value()).isEqualTo(400);
		assertThat(posted.getBody().path("detail").asText()).contains("CVE-2026-109432");
		assertThat(hashForm.getStatusCode().value()).isEqualTo(400);
		assertThat(inWebappApi.getStatusCode().value()).isEqualTo(400);
	}

	@Test
	void taskQueriesWithPlainOrQueriesStillWork() {
		ResponseEntity<JsonNode> response = this.api.post("/engine-rest/task",
				Map.of("orQueries", new Object[] { Map.of("assignee", "admin"), Map.of("name", "Review") }));

		assertThat(response.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void theCockpitLoginWorksWithTheConfiguredAdmin() {
		ResponseEntity<String> page = anonymous().get()
			.uri("/camunda/app/cockpit/default/")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<String> login = anonymous().post()
			.uri("/camunda/api/admin/auth/user/default/login/cockpit")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("X-XSRF-TOKEN", xsrfToken(page))
			.header("Cookie", cookies(page))
			.body("username=" + ApiClient.USER + "&password=" + ApiClient.PASSWORD)
			.retrieve()
			.toEntity(String.class);

		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(login.getStatusCode().value()).isEqualTo(200);
		assertThat(login.getBody()).contains("\"userId\":\"admin\"");
	}

	private static String xsrfToken(ResponseEntity<String> page) {
		String header = page.getHeaders().getFirst("X-XSRF-TOKEN");
		return (header != null) ? header : "";
	}

	private static String cookies(ResponseEntity<String> page) {
		return String.join("; ",
				page.getHeaders()
					.getOrEmpty("Set-Cookie")
					.stream()
					.map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
					.toList());
	}

}
