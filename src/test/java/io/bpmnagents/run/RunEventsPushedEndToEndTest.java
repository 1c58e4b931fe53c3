package io.bpmnagents.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.EventStreams;
import io.bpmnagents.support.EventStreams.Followed;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event streams are pushed by the node that records a run's calls: fifty people following
 * a run neither change the run's steps nor miss or repeat an event. The streams' own poll
 * is set longer than the run takes, so they end in time only when woken.
 */
@Import(EventStreams.class)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:events-pushed;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=eventsPushed", "bpmn-agents.events.max-per-user=50",
		"bpmn-agents.events.heartbeat=60s", "bpmn-agents.events.poll=60s" })
class RunEventsPushedEndToEndTest extends EndToEndApiTest {

	private static final Map<String, Object> INPUT = Map.of("task", "Followed by many");

	@Autowired
	EventStreams streams;

	@Test
	void givenFiftyOpenStreamsWhenTheRunGoesOnThenItTakesTheSameStepsAndEachStreamSeesEachEventOnce() throws Exception {
		this.simulator.latency(Duration.ofMillis(300));
		List<String> unwatched = steps(this.api.runToCompletion("sequential-pipeline", INPUT).calls());

		String id = this.api.start("sequential-pipeline", INPUT);
		List<Followed> followed = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			followed.add(this.streams.follow(ApiClient.USER, ApiClient.PASSWORD, id));
		}
		List<List<String>> seen = new ArrayList<>();
		for (Followed stream : followed) {
			assertThat(stream.status()).isEqualTo(200);
			seen.add(stream.ended().get(30, TimeUnit.SECONDS));
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

}
