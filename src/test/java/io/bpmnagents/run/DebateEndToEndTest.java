package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DebateEndToEndTest extends EndToEndApiTest {

	@Test
	void twoOpeningsTwoCallsPerRoundAndOneJudgmentWithEachSidesMemory() {
		EndedRun run = this.api.runToCompletion("debate",
				Map.of("task", "AI will create more jobs than it eliminates"));

		List<JsonNode> calls = run.calls();
		assertThat(calls).hasSize(2 + 2 * 3 + 1);
		assertThat(run.output().path("debate").size()).isEqualTo(2 + 2 * 3);
		assertThat(run.output().path("result").asText()).contains("argued more effectively");
		JsonNode lastDefence = calls.stream()
			.filter((call) -> call.path("activityId").asText().equals("Task_Defend"))
			.reduce((first, second) -> second)
			.orElseThrow();
		// Opening and two earlier defences: three exchanges before the new prompt.
		assertThat(lastDefence.path("contextMessages").size()).isEqualTo(1 + 2 * 3 + 1);
	}

	@Test
	void aRoundCountOfZeroIsABadRequestNamingTheField() {
		var response = this.api.post("/api/runs",
				Map.of("process", "debate", "input", Map.of("task", "t", "maxRounds", 0)));

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().path("field").asText()).isEqualTo("maxRounds");
	}

}
