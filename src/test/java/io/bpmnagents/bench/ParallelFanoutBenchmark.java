package io.bpmnagents.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wall time of a fan-out against the ideal. Each simulated call takes {@link #LATENCY}; a
 * fan-out is one wave of parallel calls plus one synthesis, so the ideal ratio of wall
 * time to latency is 2.0 whatever the number of agents (N calls one after another would
 * give N + 1). Not part of {@code mvn verify}; run with {@code mvn -B test -Pbench}.
 * Prints, asserts no time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				"simulator.latency=500ms" })
@Import(ApiClient.class)
class ParallelFanoutBenchmark {

	private static final Duration LATENCY = Duration.ofMillis(500);

	private static final List<String> ALL = List.of("researcher", "developer", "reviewer", "tester", "designer",
			"writer", "editor", "coordinator");

	@Autowired
	ApiClient api;

	@Test
	void fanOutWallTimeAgainstOneModelLatency() {
		measure(3);
		for (int agents : new int[] { 1, 3, 8 }) {
			double ratio = 0;
			int repeats = 3;
			for (int i = 0; i < repeats; i++) {
				ratio += measure(agents);
			}
			System.out.printf("BENCH parallel-fanout agents=%d calls=%d wall/latency=%.2f (ideal 2.00, serial %d.00)%n",
					agents, agents + 1, ratio / repeats, agents + 1);
		}
	}

	private double measure(int agents) {
		String id = this.api.start("parallel-fanout",
				Map.of("task", "Benchmark the fan-out", "agents", ALL.subList(0, agents)));
		JsonNode run = this.api.awaitEnd(id);
		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		Duration wall = Duration.between(Instant.parse(run.path("startedAt").asText()),
				Instant.parse(run.path("endedAt").asText()));
		return (double) wall.toMillis() / LATENCY.toMillis();
	}

}
