package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Tasklist's "Start process" sends, through the webapps' own engine API with a
 * logged-in session: the form's values start a run, and values the process's contract
 * refuses are a 400 with the reason, as over /engine-rest and /api/runs — never a 500.
 */
class TasklistStartEndToEndTest extends EndToEndApiTest {

	/** A Tasklist session: its cookies and CSRF token after logging in. */
	private record Session(String cookies, String csrf) {
	}

	private RestClient browser() {
		return this.people.anonymous();
	}

	private Session logIn() {
		ResponseEntity<String> page = browser().get()
			.uri("/camunda/app/tasklist/default/")
			.retrieve()
			.toEntity(String.class);
		Session before = new Session(cookies(page, ""), page.getHeaders().getFirst("X-XSRF-TOKEN"));
		ResponseEntity<String> login = browser().post()
			.uri("/camunda/api/admin/auth/user/default/login/tasklist")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("X-XSRF-TOKEN", before.csrf())
			.header("Cookie", before.cookies())
			.body("username=" + ApiClient.USER + "&password=" + ApiClient.PASSWORD)
			.retrieve()
			.toEntity(String.class);
		assertThat(login.getStatusCode().value()).as("login %s", login.getBody()).isEqualTo(200);
		// Logging in starts a new session; as Tasklist does, read something first so that
		// the new session gets its CSRF token.
		ResponseEntity<String> user = browser().get()
			.uri("/camunda/api/admin/auth/user/default")
			.header("Cookie", cookies(login, before.cookies()))
			.retrieve()
			.toEntity(String.class);
		String cookies = cookies(user, cookies(login, before.cookies()));
		// The webapps' CSRF filter wants the token of the session's XSRF-TOKEN cookie.
		String csrf = java.util.Arrays.stream(cookies.split("; "))
			.filter((cookie) -> cookie.startsWith("XSRF-TOKEN="))
			.map((cookie) -> cookie.substring("XSRF-TOKEN=".length()))
			.findFirst()
			.orElse(before.csrf());
		return new Session(cookies, csrf);
	}

	private ResponseEntity<JsonNode> submitStartForm(Session session, String process, Map<String, Object> variables) {
		return browser().post()
			.uri("/camunda/api/engine/engine/default/process-definition/key/" + process + "/submit-form")
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-XSRF-TOKEN", session.csrf())
			.header("Cookie", session.cookies())
			.body(Map.of("variables", variables))
			.retrieve()
			.toEntity(JsonNode.class);
	}

	@Test
	void givenTasklistsStartFormWhenItsValuesAreValidThenTheRunStartsWithThem() {
		Session session = logIn();

		ResponseEntity<JsonNode> started = submitStartForm(session, "debate",
				Map.of("task", Map.of("value", "Tabs beat spaces"), "maxRounds", Map.of("value", 1), "requireApproval",
						Map.of("value", false)));

		assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
		JsonNode run = this.api.awaitEnd(started.getBody().path("id").asText());
		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("output").path("debate").size()).as("2 openings + 2 in one round").isEqualTo(4);
	}

	@Test
	void givenTasklistsStartFormWhenTheContractRefusesAValueThenTheAnswerIsA400WithTheReason() {
		Session session = logIn();

		ResponseEntity<JsonNode> tooManyRounds = submitStartForm(session, "debate",
				Map.of("task", Map.of("value", "Tabs beat spaces"), "maxRounds", Map.of("value", 51)));
		ResponseEntity<JsonNode> noAgents = submitStartForm(session, "sequential-pipeline",
				Map.of("task", Map.of("value", "t"), "agents", Map.of("value", "[]", "type", "Json")));

		assertThat(tooManyRounds.getStatusCode().value()).isEqualTo(400);
		assertThat(tooManyRounds.getBody().path("message").asText())
			.contains("'maxRounds' must be between 1 and 50 (bpmn-agents.runs.max-loop-count), was 51");
		assertThat(noAgents.getStatusCode().value()).isEqualTo(400);
		assertThat(noAgents.getBody().path("message").asText()).contains("'agents' must name at least one agent");
	}

	private static String cookies(ResponseEntity<?> response, String earlier) {
		Map<String, String> jar = new java.util.LinkedHashMap<>();
		for (String cookie : (earlier.isEmpty() ? List.<String>of() : List.of(earlier.split("; ")))) {
			jar.put(cookie.substring(0, cookie.indexOf('=')), cookie);
		}
		for (String header : response.getHeaders().getOrEmpty("Set-Cookie")) {
			String cookie = header.substring(0, header.indexOf(';'));
			jar.put(cookie.substring(0, cookie.indexOf('=')), cookie);
		}
		return String.join("; ", jar.values());
	}

}
