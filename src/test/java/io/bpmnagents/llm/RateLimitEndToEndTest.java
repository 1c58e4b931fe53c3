package io.bpmnagents.llm;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider's rate limit, over real HTTP: the simulator answers 429 with
 * {@code Retry-After}, as OpenAI does.
 */
class RateLimitEndToEndTest extends EndToEndApiTest {

	@Test
	void rateLimitedCallsWaitAsToldAndTheRunCompletesWithoutAFailedAttempt() {
		this.simulator.resetLoad();
		this.simulator.faults(new Simulator.Faults(0, 1.0, 0, 0));
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Answer despite rate limits", "agents", List.of("researcher")));

		await().until(() -> this.simulator.load().rateLimited() >= 2);
		this.simulator.faults(new Simulator.Faults(0, 0, 0, 0));
		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("incidents")).isEmpty();
		List<JsonNode> transcript = this.api.transcript(id);
		assertThat(transcript).singleElement().satisfies((call) -> {
			assertThat(call.path("attempt").asInt()).isEqualTo(1);
			assertThat(call.path("error").isMissingNode() || call.path("error").isNull()).isTrue();
			assertThat(call.path("response").asText()).isNotEmpty();
		});
	}

}
