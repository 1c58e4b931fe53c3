package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MultiAgentTaskEndToEndTest extends EndToEndApiTest {

	@ParameterizedTest
	@CsvSource({ "sequential, 3", "parallel, 5", "hierarchical, 5", "fanout, 4" })
	void eachStrategyMakesItsPatternsCallsUnderTheOneRun(String strategy, int calls) {
		EndedRun run = this.api.runToCompletion("multi-agent-task",
				Map.of("task", "Plan a webinar", "strategy", strategy));

		assertThat(run.output().path("result").asText()).isNotBlank();
		assertThat(run.calls()).hasSize(calls);
		assertThat(run.view().path("usage").path("calls").asInt()).isEqualTo(calls);
	}

	@ParameterizedTest
	@CsvSource({ "hierarchical", "parallel" })
	void aPlannedStrategyReturnsTheReferencesIndividualResultsAndSynthesis(String strategy) {
		JsonNode run = this.api
			.awaitEnd(this.api.start("multi-agent-task", Map.of("task", "Plan a webinar", "strategy", strategy)));

		JsonNode output = run.path("output");
		assertThat(output.path("synthesis").asText()).isNotBlank().isEqualTo(output.path("result").asText());
		assertThat(output.path("individual_results")).hasSize(3).allSatisfy((entry) -> {
			assertThat(entry.path("agent").asText()).isIn("developer", "designer", "tester");
			assertThat(entry.path("task").asText()).isNotBlank();
			assertThat(entry.path("result").asText()).isNotBlank();
		});
	}

	@Test
	void theSequentialStrategyReturnsResultsAndFinal() {
		JsonNode run = this.api
			.awaitEnd(this.api.start("multi-agent-task", Map.of("task", "Plan a webinar", "strategy", "sequential")));

		JsonNode output = run.path("output");
		assertThat(output.path("results")).extracting((entry) -> entry.path("agent").asText())
			.containsExactly("researcher", "writer", "editor");
		assertThat(output.path("final").asText()).isEqualTo(output.path("results").get(2).path("result").asText())
			.isEqualTo(output.path("result").asText());
	}

}
