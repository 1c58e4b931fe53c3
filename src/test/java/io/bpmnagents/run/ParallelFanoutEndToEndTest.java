package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@EndToEndTest
class ParallelFanoutEndToEndTest {

	@Autowired
	ApiClient api;

	@Test
	void oneCallPerAgentThenOneSynthesisWhichCarriesTheSynthesizersMemory() {
		String id = this.api.start("parallel-fanout", Map.of("task", "Assess the migration plan", "agents",
				List.of("researcher", "coordinator", "reviewer")));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).hasSize(3 + 1);
		assertThat(calls.subList(0, 3)).extracting((call) -> call.path("activityId").asText())
			.containsOnly("Task_Answer");
		JsonNode synthesis = calls.get(3);
		assertThat(synthesis.path("activityId").asText()).isEqualTo("Task_Synthesize");
		assertThat(synthesis.path("agent").asText()).isEqualTo("coordinator");
		// The coordinator answered in the fan-out too: its synthesis call carries that
		// exchange.
		assertThat(synthesis.path("contextMessages").size()).isEqualTo(4);
		assertThat(synthesis.path("contextMessages").get(1).path("content").asText())
			.isEqualTo("Assess the migration plan");
		JsonNode contributions = run.path("output").path("contributions");
		assertThat(contributions.size()).isEqualTo(3);
		assertThat(contributions.path("reviewer").asText()).startsWith("As reviewer");
		assertThat(run.path("output").path("result").asText()).isEqualTo(synthesis.path("response").asText());
	}

	@Test
	void aBroadcastReturnsEveryAnswerWithoutSynthesis() {
		String id = this.api.start("parallel-fanout",
				Map.of("task", "Name one risk", "agents", List.of("developer", "tester"), "synthesizer", "none"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(id)).hasSize(2);
		assertThat(run.path("output").path("contributions").size()).isEqualTo(2);
		assertThat(run.path("output").has("result")).isFalse();
	}

}
