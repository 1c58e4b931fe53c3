package io.bpmnagents.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cockpit plugins call {@code /api} with the webapps' login: the session cookie and,
 * as for the webapps' own API, the session's CSRF token. A cookie alone authenticates
 * nothing, and the person is who logged in, with their own grants.
 */
class WebappSessionApiEndToEndTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	@Test
	void aLoggedInPersonReadsTheApiWithTheSessionAndItsToken() throws Exception {
		WebappSession admin = WebappSession.login(http(), ApiClient.USER, ApiClient.PASSWORD, "cockpit");
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about sessions", "agents", List.of("writer")));
		this.api.awaitEnd(id);

		RawHttp.Response list = http().send("GET", "/api/runs?text=" + id, admin.headers(Map.of()), null);
		RawHttp.Response transcript = http().send("GET", "/api/runs/" + id + "/transcript", admin.headers(Map.of()),
				null);

		assertThat(list.status()).as(list.headers() + " " + list.body()).isEqualTo(200);
		assertThat(list.body()).contains(id);
		assertThat(transcript.status()).isEqualTo(200);
		assertThat(transcript.body()).contains("\"agent\":\"writer\"");
		assertThat(List.of(list, transcript)).as("the webapp's session id stays as it is")
			.allSatisfy((response) -> assertThat(response.header("Set-Cookie")).isNull());
	}

	@Test
	void theSessionCookieWithoutTheRightTokenIsRefused() throws Exception {
		WebappSession admin = WebappSession.login(http(), ApiClient.USER, ApiClient.PASSWORD, "cockpit");
		Map<String, String> cookieOnly = new LinkedHashMap<>(admin.headers(Map.of()));
		cookieOnly.remove("X-XSRF-TOKEN");
		Map<String, String> wrongToken = new LinkedHashMap<>(cookieOnly);
		wrongToken.put("X-XSRF-TOKEN", "0123456789ABCDEF0123456789ABCDEF");

		for (Map<String, String> headers : List.of(cookieOnly, wrongToken)) {
			RawHttp.Response refused = http().send("GET", "/api/runs", headers, null);
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
			assertThat(refused.body()).contains("X-XSRF-TOKEN");
		}
	}

	@Test
	void aPageWhoseSessionEndedGetsA401WithoutTheBrowsersLoginDialog() throws Exception {
		WebappSession admin = WebappSession.login(http(), ApiClient.USER, ApiClient.PASSWORD, "cockpit");
		RawHttp.Response logout = http().send("POST", "/camunda/api/admin/auth/user/default/logout",
				admin.headers(Map.of("Content-Type", "application/x-www-form-urlencoded")), new byte[0]);

		RawHttp.Response afterLogout = http().send("GET", "/api/runs", admin.headers(Map.of()), null);
		RawHttp.Response noSession = http().send("GET", "/api/runs", Map.of("X-XSRF-TOKEN", "anything"), null);
		RawHttp.Response nothing = http().send("GET", "/api/runs", Map.of(), null);

		assertThat(logout.status()).isEqualTo(200);
		assertThat(List.of(afterLogout, noSession)).allSatisfy((response) -> {
			assertThat(response.status()).isEqualTo(401);
			assertThat(response.header("WWW-Authenticate")).isNull();
			assertThat(response.body()).contains("Log in to Cockpit again");
		});
		assertThat(nothing.status()).isEqualTo(401);
		assertThat(nothing.header("WWW-Authenticate")).startsWith("Basic");
	}

	@Test
	void thePersonIsWhoLoggedInWithTheirOwnGrants() throws Exception {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about grants", "agents", List.of("writer")));
		this.api.awaitEnd(id);
		People.Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		WebappSession session = WebappSession.login(http(), modeller.id(), People.PASSWORD, "cockpit");

		RawHttp.Response history = http().send("GET", "/api/runs/" + id + "/history", session.headers(Map.of()), null);
		RawHttp.Response found = http().send("GET", "/api/runs?text=" + id, session.headers(Map.of()), null);

		assertThat(history.status()).as(history.body()).isEqualTo(404);
		assertThat(found.status()).isEqualTo(200);
		assertThat(found.body()).doesNotContain(id).contains("\"total\":0");
	}

	private RawHttp http() {
		return new RawHttp(this.port);
	}

}
