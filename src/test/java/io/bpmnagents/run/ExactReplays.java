package io.bpmnagents.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The steps the replay tests share: replay a finished run, expect it to end the same and
 * its calls to be the recorded ones; a conversation a person spoke into.
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
	 * Checks that each call of {@code replay} was answered from the recording with the
	 * prompt and chat of the original's call at its place (the original's failed
	 * attempts, which a replay does not repeat, left out).
	 */
	static void sameCallsAs(ApiClient api, String original, String replay) {
		List<JsonNode> recorded = api.transcript(original).stream().filter(ExactReplays::answered).toList();
		List<JsonNode> replayed = api.transcript(replay);
		assertThat(replayed).hasSameSizeAs(recorded);
		for (int i = 0; i < recorded.size(); i++) {
			assertThat(replayed.get(i).path("source").asText()).isEqualTo("replay");
			assertThat(replayed.get(i).path("prompt")).as("prompt of call %d", i)
				.isEqualTo(recorded.get(i).path("prompt"));
			assertThat(replayed.get(i).path("contextMessages")).as("chat of call %d", i)
				.isEqualTo(recorded.get(i).path("contextMessages"));
		}
	}

	/** Whether a transcript entry is an answered call, not a failed attempt. */
	static boolean answered(JsonNode call) {
		return call.path("error").isMissingNode() || call.path("error").isNull();
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
		String original = spokenIntoBeforeTheFirstCall(api, simulator, process,
				Map.of("task", "Plan a picnic", "maxTurns", 2), message);
		api.post("/api/runs/" + original + "/retry", Map.of());
		api.awaitEnd(original);
		return original;
	}

	/**
	 * Starts a run of {@code process} whose first call fails until {@code message} has
	 * been sent; answers its id with the model healed, for the caller to retry the call,
	 * which then reads the message.
	 */
	static String spokenIntoBeforeTheFirstCall(ApiClient api, Simulator simulator, String process,
			Map<String, Object> input, String message) {
		simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String original = api.start(process, input);
		api.awaitIncident(original);
		sendAndAwait(api, original, message);
		simulator.faults(new Simulator.Faults(0, 0, 0, 0));
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
