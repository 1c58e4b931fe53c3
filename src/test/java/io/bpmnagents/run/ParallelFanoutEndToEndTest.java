package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelFanoutEndToEndTest extends EndToEndApiTest {

	@Test
	void oneCallPerAgentThenOneSynthesisWhichCarriesTheSynthesizersMemory() {
		EndedRun run = this.api.runToEnd("parallel-fanout", Map.of("task", "Assess the migration plan", "agents",
				List.of("researcher", "coordinator", "reviewer")));

		assertThat(run.status()).isEqualTo("COMPLETED");
		List<JsonNode> calls = run.calls();
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
		JsonNode contributions = run.output().path("contributions");
		assertThat(contributions.size()).isEqualTo(3);
		assertThat(contributions.path("reviewer").asText()).startsWith("As reviewer");
		assertThat(run.output().path("result").asText()).isEqualTo(synthesis.path("response").asText());
	}

	@Test
	void aBroadcastReturnsEveryAnswerWithoutSynthesis() {
		EndedRun run = this.api.runToEnd("parallel-fanout",
				Map.of("task", "Name one risk", "agents", List.of("developer", "tester"), "synthesizer", "none"));

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(run.calls()).hasSize(2);
		assertThat(run.output().path("contributions").size()).isEqualTo(2);
		assertThat(run.output().has("result")).isFalse();
	}

}
