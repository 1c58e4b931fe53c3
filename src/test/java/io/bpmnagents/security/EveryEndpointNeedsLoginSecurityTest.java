package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint needs a login: each route the app maps — read from Spring MVC's own
 * mappings, so an endpoint added tomorrow is checked too — answers {@code 401} to a
 * request without credentials, whatever its method, as do the servlets mounted beside
 * Spring MVC (MCP, Camunda's REST API and webapps' API). Only the health probes answer
 * anyone.
 */
class EveryEndpointNeedsLoginSecurityTest extends MappedRoutes {

	/** Answer without a login: what orchestrators probe, and Spring Boot's error page. */
	private static final Set<String> OPEN = Set.of("/actuator/health/liveness", "/actuator/health/readiness", "/error");

	@Test
	void everyMappedRouteAnswers401WithoutCredentials() throws Exception {
		List<MappedRoutes.Route> routes = routes(OPEN);
		List<String> open = new ArrayList<>();
		for (MappedRoutes.Route route : routes) {
			RawHttp.Response response = new RawHttp(this.port).send(route.method(), route.path(),
					Map.of("Content-Type", "application/json"),
					route.readsOnly() ? null : "{}".getBytes(StandardCharsets.UTF_8));
			if (response.status() != 401) {
				open.add(route + " -> " + response.status());
			}
		}
		assertThat(open).as("routes that answer without a login").isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST /mcp", "GET /mcp", "GET /engine-rest/engine", "GET /engine-rest/process-definition",
			"POST /engine-rest/task/x/complete", "GET /camunda/api/engine/engine/default/task",
			"GET /actuator/prometheus", "GET /actuator/metrics", "GET /v3/api-docs" })
	void theServletsBesideSpringMvcNeedALoginToo(String route) throws Exception {
		String[] parts = route.split(" ");

		RawHttp.Response response = new RawHttp(this.port).send(parts[0], parts[1],
				Map.of("Content-Type", "application/json"),
				"GET".equals(parts[0]) ? null : "{}".getBytes(StandardCharsets.UTF_8));

		assertThat(response.status()).as(route + ": " + response.body()).isIn(401, 403);
	}

}
