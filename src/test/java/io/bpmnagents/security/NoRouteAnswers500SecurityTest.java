package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 500 is always a bug: every route the app maps — read from Spring MVC's mappings, so
 * an endpoint added tomorrow is checked too — answers bad input from a logged-in
 * administrator (malformed JSON, JSON of the wrong shape, values of the wrong type,
 * unknown ids, nonsense paging) with a 2xx or a 4xx, never a server error.
 */
class NoRouteAnswers500SecurityTest extends MappedRoutes {

	private static final String ADMIN = RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD);

	private static final List<String> BODIES = List.of("{", "[]", "\"text\"", "null", "{\"x\": {\"y\": [1, 2]}}",
			"{\"process\": 5, \"input\": \"x\", \"runs\": \"x\", \"name\": [], \"message\": {}, \"cases\": 7, "
					+ "\"target\": [], \"search\": 1, \"decision\": 3, \"businessKey\": {}}",
			"{\"process\": \"no-such-process\", \"input\": {}, \"runs\": [\"no-such-run\"], \"name\": \"n\", "
					+ "\"message\": \"\", \"target\": {\"process\": \"no-such-process\", \"version\": -1}}");

	private static final Set<String> SKIPPED = Set.of("/error");

	@Test
	void noRouteAnswersBadInputWithAServerError() throws Exception {
		List<String> failures = new ArrayList<>();
		List<MappedRoutes.Route> routes = routes(SKIPPED);
		for (MappedRoutes.Route route : routes) {
			String method = route.method();
			String path = route.path();
			if (route.readsOnly()) {
				check(failures, method, path + "?page=-1&size=abc&status=%00&from=yesterday&process=%27", null,
						"application/json");
				check(failures, method, path, null, "application/json");
				continue;
			}
			for (String body : BODIES) {
				check(failures, method, path, body, "application/json");
			}
			// A form upload that is no multipart: no boundary, or a broken one.
			check(failures, method, path, "x", "multipart/form-data");
			check(failures, method, path, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n",
					"multipart/form-data; boundary=b");
		}
		assertThat(failures).as("routes that answered bad input with a server error").isEmpty();
	}

	private void check(List<String> failures, String method, String target, String body, String type) throws Exception {
		RawHttp.Response response = new RawHttp(this.port).send(method, target,
				Map.of("Authorization", ADMIN, "Content-Type", type, "Accept", "application/json"),
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
		if (response.status() >= 500) {
			failures.add(method + " " + target + " " + ((body != null) ? body : "") + " -> " + response.status() + " "
					+ response.body().substring(0, Math.min(300, response.body().length())));
		}
	}

}
