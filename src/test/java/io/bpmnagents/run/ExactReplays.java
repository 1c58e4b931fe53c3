package io.bpmnagents.run;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The steps the replay tests share: replay a finished run, expect it to end the same; a
 * conversation a person spoke into.
 */
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

	/**
	 * A two-turn conversation whose first turn fails until {@code message} has been sent,
	 * so the message is there before that turn reads the conversation; answers the run's
	 * id once it has ended.
	 */
	static String spokenIntoBeforeTheFirstTurn(ApiClient api, Simulator simulator, String message) {
		return spokenIntoBeforeTheFirstTurn(api, simulator, "round-robin-conversation", message);
	}

	/** The same in a conversation of another process (a modeller's own). */
	static String spokenIntoBeforeTheFirstTurn(ApiClient api, Simulator simulator, String process, String message) {
		simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String original = api.start(process, Map.of("task", "Plan a picnic", "maxTurns", 2));
		api.awaitIncident(original);
		sendAndAwait(api, original, message);
		simulator.faults(new Simulator.Faults(0, 0, 0, 0));
		api.post("/api/runs/" + original + "/retry", Map.of());
		api.awaitEnd(original);
		return original;
	}

	/** Sends a message into the run and waits until its conversation lists it. */
	static void sendAndAwait(ApiClient api, String run, String message) {
		assertThat(api.post("/api/runs/" + run + "/messages", Map.of("content", message)).getStatusCode().value())
			.isEqualTo(202);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> api.run(run).path("output").path("conversation").toString().contains(message));
	}

}
