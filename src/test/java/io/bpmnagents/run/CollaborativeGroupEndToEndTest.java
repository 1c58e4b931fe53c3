package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CollaborativeGroupEndToEndTest extends EndToEndApiTest {

	@Test
	void nFirstIdeasNTimesIterationsAndOneSynthesisWithEachAgentsMemory() {
		EndedRun run = this.api.runToCompletion("collaborative-group", Map.of("task", "Design an onboarding flow"));

		List<JsonNode> calls = run.calls();
		assertThat(calls).hasSize(3 + 3 * 5 + 1);
		assertThat(run.output().path("workspace").size()).isEqualTo(3 + 3 * 5);
		assertThat(run.output().path("ideas").size()).isEqualTo(3);
		JsonNode lastReviewerCall = calls.stream()
			.filter((call) -> call.path("agent").asText().equals("reviewer"))
			.reduce((first, second) -> second)
			.orElseThrow();
		// First idea and four earlier iterations, then the new prompt.
		assertThat(lastReviewerCall.path("contextMessages").size()).isEqualTo(1 + 2 * 5 + 1);
	}

}
