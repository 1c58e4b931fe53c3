package io.bpmnagents.run;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The step the replay tests share: replay a finished run, expect it to end the same. */
final class ExactReplays {

	private ExactReplays() {
	}

	/**
	 * Replays {@code original} (whose end was {@code ended}) over HTTP and checks that
	 * the replay completed with the same output and no request reached the model; answers
	 * the replay's id.
	 */
	static String replayedAsBefore(ApiClient api, Simulator simulator, String original, JsonNode ended) {
		long requestsBefore = simulator.load().requests();
		String replay = api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();
		JsonNode replayed = api.awaitEnd(replay);
		assertThat(replayed.path("incidents")).isEmpty();
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(simulator.load().requests()).as("requests to the model during the replay").isEqualTo(requestsBefore);
		return replay;
	}

}
