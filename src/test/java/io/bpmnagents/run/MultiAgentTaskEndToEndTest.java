package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@EndToEndTest
class MultiAgentTaskEndToEndTest {

	@Autowired
	ApiClient api;

	@ParameterizedTest
	@CsvSource({ "sequential, 3", "parallel, 4", "hierarchical, 5" })
	void eachStrategyMakesItsPatternsCallsUnderTheOneRun(String strategy, int calls) {
		String id = this.api.start("multi-agent-task", Map.of("task", "Plan a webinar", "strategy", strategy));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("output").path("result").asText()).isNotBlank();
		assertThat(this.api.transcript(id)).hasSize(calls);
		assertThat(run.path("usage").path("calls").asInt()).isEqualTo(calls);
	}

}
