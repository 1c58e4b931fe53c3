package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingEndToEndTest extends EndToEndApiTest {

	private static final Map<String, String> DEFAULT_ROUTES = Map.of("billing", "billing-specialist", "technical",
			"developer", "general", "writer");

	@Test
	void oneClassificationPicksADeclaredRouteAndItsAgentAnswers() {
		EndedRun run = this.api.runToCompletion("routing",
				Map.of("task", "I was charged twice for my subscription in March"));

		String route = run.output().path("route").asText();
		assertThat(route).isIn(DEFAULT_ROUTES.keySet());
		assertThat(run.output().path("routeFallback").asBoolean()).isFalse();
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("activityId").asText() + " " + call.path("agent").asText())
			.containsExactly("Task_Classify coordinator", "Task_Specialist " + DEFAULT_ROUTES.get(route));
		// The routes reached the simulator as a JSON schema, which it answered from.
		assertThat(calls.get(0).path("response").asText()).isEqualTo("{\"route\": \"" + route + "\"}");
		assertThat(run.output().path("result").asText()).isEqualTo(calls.get(1).path("response").asText());
	}

	@Test
	void aClassifierThatNeverAnswersARouteIsAskedOnceMoreThenTheFallbackIsTakenAndRecorded() {
		// Every JSON answer comes back broken, so no answer names a route.
		this.simulator.faults(new Simulator.Faults(0, 0, 1.0, 0));
		EndedRun run = this.api.runToCompletion("routing", Map.of("task", "Tell me a joke", "fallback", "technical"));

		assertThat(run.output().path("route").asText()).isEqualTo("technical");
		assertThat(run.output().path("routeFallback").asBoolean()).isTrue();
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("activityId").asText() + " " + call.path("agent").asText())
			.containsExactly("Task_Classify coordinator", "Task_Classify coordinator", "Task_Specialist developer");
		assertThat(calls.get(1).path("prompt").asText()).contains("is not one of the choices")
			.contains("billing, technical, general");
	}

	@Test
	void anUnknownClassifierIsABadRequestNamingTheField() {
		var response = this.api.post("/api/runs",
				Map.of("process", "routing", "input", Map.of("task", "t", "classifier", "oracle")));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().path("field").asText()).isEqualTo("classifier");
	}

	@Test
	void aFallbackThatIsNotOneOfTheRoutesIsABadRequestNamingTheField() {
		var response = this.api.post("/api/runs", Map.of("process", "routing", "input",
				Map.of("task", "t", "routes", "billing=billing-specialist, general=writer", "fallback", "technical")));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody().path("field").asText()).isEqualTo("fallback");
		assertThat(response.getBody().path("detail").asText()).isEqualTo(
				"Input field 'fallback' must be one of the names in 'routes': billing, general; not 'technical'.");
	}

}
