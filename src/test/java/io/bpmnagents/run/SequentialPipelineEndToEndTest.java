package io.bpmnagents.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class SequentialPipelineEndToEndTest extends EndToEndApiTest {

	@LocalServerPort
	int port;

	private final Simulator.Faults healthy = new Simulator.Faults(0, 0, 0, 0);

	@Test
	void aRunStartedOverHttpCompletesWithResultUsageAndAFullTranscript() {
		ResponseEntity<JsonNode> started = this.api.post("/api/runs",
				Map.of("process", "sequential-pipeline", "input", Map.of("task", "Write an article about AI agents")));
		assertThat(started.getStatusCode().value()).isEqualTo(201);
		String id = started.getBody().path("id").asText();
		assertThat(started.getHeaders().getLocation()).hasToString("/api/runs/" + id);

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("process").asText()).isEqualTo("sequential-pipeline");
		assertThat(run.path("output").path("result").asText()).startsWith("As editor");
		assertThat(run.path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
		assertThat(run.path("endedAt").asText()).isNotEmpty();
		assertThat(run.path("usage").path("calls").asInt()).isEqualTo(3);
		assertThat(run.path("usage").path("promptTokens").asInt()).isPositive();
		assertThat(run.path("usage").path("completionTokens").asInt()).isPositive();
		assertThat(run.path("usage").has("cost")).isTrue();

		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).extracting((call) -> call.path("agent").asText())
			.containsExactly("researcher", "writer", "editor");
		for (JsonNode call : calls) {
			assertThat(call.path("activityId").asText()).isEqualTo("Task_Stage");
			assertThat(call.path("model").asText()).isEqualTo("simulated-gpt-4o");
			assertThat(call.path("startedAt").asText()).matches(".*T.*\\.\\d{3}Z");
			assertThat(call.path("endedAt").asText()).matches(".*T.*\\.\\d{3}Z");
			assertThat(call.path("latencyMs").isNumber()).isTrue();
			assertThat(call.path("promptTokens").asInt()).isPositive();
			assertThat(call.path("completionTokens").asInt()).isPositive();
			assertThat(call.path("contextMessages").size()).isEqualTo(2);
			assertThat(call.path("attempt").asInt()).isEqualTo(1);
			assertThat(call.path("worker").asText()).isNotBlank();
			assertThat(call.has("error")).isFalse();
		}
		assertThat(calls.get(0).path("prompt").asText()).isEqualTo("Write an article about AI agents");
		assertThat(calls.get(1).path("prompt").asText()).isEqualTo(calls.get(0).path("response").asText());
		assertThat(calls.get(2).path("prompt").asText()).isEqualTo(calls.get(1).path("response").asText());
		assertThat(run.path("output").path("result").asText()).isEqualTo(calls.get(2).path("response").asText());
		String metrics = this.api.http().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).containsPattern(
				"agent_calls_seconds_count\\{agent=\"editor\",[^}]*model=\"simulated-gpt-4o\"[^}]*process=\"sequential-pipeline\"");
	}

	@Test
	void theEventStreamTellsEachCallsStartAndEndAndTheRunsEnd() throws Exception {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Explain event streams"));

		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/runs/" + id + "/events"))
			.header("Authorization", RawHttp.basic(ApiClient.USER, ApiClient.PASSWORD))
			.timeout(Duration.ofSeconds(60))
			.build();
		List<String> events = HttpClient.newHttpClient()
			.send(request, HttpResponse.BodyHandlers.ofLines())
			.body()
			.filter((line) -> line.startsWith("event:"))
			.map((line) -> line.substring("event:".length()).strip())
			.toList();

		assertThat(events).filteredOn("call-started"::equals).hasSize(3);
		assertThat(events).filteredOn("call-ended"::equals).hasSize(3);
		assertThat(events).last().isEqualTo("run-ended");
	}

	@Test
	void aModelErrorPastItsRetriesBecomesAnIncidentThatARetryResolves() {
		this.simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String id = this.api.start("sequential-pipeline", Map.of("task", "Plan a product launch"));

		JsonNode stuck = this.api.awaitIncident(id);

		assertThat(stuck.path("status").asText()).isEqualTo("RUNNING");
		JsonNode incident = stuck.path("incidents").get(0);
		assertThat(incident.path("activityId").asText()).isEqualTo("Task_Stage");
		assertThat(incident.path("message").asText()).contains("researcher");
		List<JsonNode> attempts = this.api.transcript(id);
		assertThat(attempts).hasSize(3).allSatisfy((call) -> {
			assertThat(call.path("error").asText()).isNotBlank();
			assertThat(call.has("response")).isFalse();
		});
		assertThat(attempts).extracting((call) -> call.path("attempt").asInt()).containsExactly(1, 2, 3);

		// The model recovers and an operator retries, as Cockpit's retry button does over
		// REST.
		this.simulator.faults(this.healthy);
		String externalTaskId = this.api.get("/engine-rest/external-task?processInstanceId=" + id)
			.getBody()
			.get(0)
			.path("id")
			.asText();
		ResponseEntity<JsonNode> retried = this.api.http()
			.put()
			.uri("/engine-rest/external-task/" + externalTaskId + "/retries")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(Map.of("retries", 1))
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(retried.getStatusCode().value()).isEqualTo(204);

		JsonNode done = this.api.awaitEnd(id);
		assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(done.path("incidents").size()).isZero();
		assertThat(this.api.transcript(id)).hasSize(6);
	}

	@Test
	void aHundredThousandCharacterTaskAndRepliesAreKeptWhole() {
		String task = "Summarize this: " + "lorem ipsum dolor sit amet ".repeat(3704);
		assertThat(task.length()).isGreaterThanOrEqualTo(100_000);
		this.simulator.faults(new Simulator.Faults(0, 0, 0, 100_000));

		EndedRun run = this.api.runToCompletion("sequential-pipeline", Map.of("task", task));

		assertThat(run.output().path("result").asText()).hasSizeGreaterThanOrEqualTo(100_000);
		List<JsonNode> calls = run.calls();
		assertThat(calls.get(0).path("prompt").asText()).isEqualTo(task);
		assertThat(calls.get(1).path("prompt").asText()).hasSizeGreaterThanOrEqualTo(100_000)
			.isEqualTo(calls.get(0).path("response").asText());
	}

	@Test
	void expressionsInTheTaskReachTheModelAsPlainText() {
		String task = "Compare ${execution.getProcessEngine()} with #{'a'.concat('b')} and ${task}";

		EndedRun run = this.api.runToCompletion("sequential-pipeline",
				Map.of("task", task, "agents", List.of("writer")));

		assertThat(run.calls().get(0).path("prompt").asText()).isEqualTo(task);
	}

}
