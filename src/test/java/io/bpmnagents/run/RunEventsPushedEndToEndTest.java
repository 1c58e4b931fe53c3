package io.bpmnagents.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event streams are pushed by the node that records a run's calls: fifty people following
 * a run neither change the run's steps nor miss or repeat an event. The streams' own poll
 * is set longer than the run takes, so they end in time only when woken.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:events-pushed;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=eventsPushed", "bpmn-agents.events.max-per-user=50",
		"bpmn-agents.events.heartbeat=60s", "bpmn-agents.events.poll=60s" })
class RunEventsPushedEndToEndTest extends EndToEndApiTest {

	private static final Map<String, Object> INPUT = Map.of("task", "Followed by many");

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	private final ExecutorService readers = Executors.newCachedThreadPool();

	@AfterEach
	void stopReaders() {
		this.readers.shutdownNow();
	}

	@Test
	void givenFiftyOpenStreamsWhenTheRunGoesOnThenItTakesTheSameStepsAndEachStreamSeesEachEventOnce() throws Exception {
		this.simulator.latency(Duration.ofMillis(300));
		List<String> unwatched = steps(this.api.runToCompletion("sequential-pipeline", INPUT).calls());

		String id = this.api.start("sequential-pipeline", INPUT);
		List<CompletableFuture<List<String>>> streams = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			streams.add(follow(id));
		}
		List<List<String>> seen = new ArrayList<>();
		for (CompletableFuture<List<String>> stream : streams) {
			seen.add(stream.get(30, TimeUnit.SECONDS));
		}

		List<JsonNode> calls = this.api.transcript(id);
		assertThat(this.api.run(id).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(steps(calls)).isEqualTo(unwatched);
		List<String> expected = new ArrayList<>();
		calls.forEach((call) -> expected.add("call-started " + call.path("id").asText() + ":start"));
		calls.forEach((call) -> expected.add("call-ended " + call.path("id").asText() + ":end"));
		for (List<String> events : seen) {
			assertThat(events.subList(0, events.size() - 1)).containsExactlyInAnyOrderElementsOf(expected);
			assertThat(events.get(events.size() - 1)).isEqualTo("run-ended");
			assertThat(events.stream().filter((event) -> event.startsWith("call-started")).toList())
				.as("calls started, in the order they started")
				.containsExactlyElementsOf(expected.subList(0, calls.size()));
		}
	}

	/** Agent and activity of each call, in order: the run's steps. */
	private static List<String> steps(List<JsonNode> calls) {
		return calls.stream()
			.map((call) -> call.path("agent").asText() + "@" + call.path("activityId").asText())
			.toList();
	}

	/**
	 * Opens a stream of the run's events and, once it is open, follows it until it ends;
	 * each event as its name and id. Opened one after the other: the login throttle
	 * counts passwords being checked at once against the allowance of failures.
	 */
	private CompletableFuture<List<String>> follow(String runId) throws Exception {
		String credentials = Base64.getEncoder()
			.encodeToString((ApiClient.USER + ":" + ApiClient.PASSWORD).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/runs/" + runId + "/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Basic " + credentials)
			.build();
		HttpResponse<Stream<String>> response = this.client.send(request, HttpResponse.BodyHandlers.ofLines());
		assertThat(response.statusCode()).isEqualTo(200);
		return CompletableFuture.supplyAsync(() -> events(response.body()), this.readers);
	}

	private static List<String> events(Stream<String> lines) {
		List<String> events = new ArrayList<>();
		String[] name = { null };
		String[] eventId = { null };
		lines.forEach((line) -> {
			if (line.startsWith("event:")) {
				name[0] = line.substring("event:".length()).trim();
			}
			else if (line.startsWith("id:")) {
				eventId[0] = line.substring("id:".length()).trim();
			}
			else if (line.isEmpty() && name[0] != null) {
				events.add((eventId[0] != null) ? name[0] + " " + eventId[0] : name[0]);
				name[0] = null;
				eventId[0] = null;
			}
		});
		return events;
	}

}
