package io.bpmnagents.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorGroupChatEndToEndTest extends EndToEndApiTest {

	private static final List<String> PARTICIPANTS = List.of("researcher", "writer", "reviewer");

	@Test
	void eachTurnTheSelectorPicksAParticipantWhoSpeaksUntilThePhrase() {
		EndedRun run = this.api.runToCompletion("selector-group-chat", Map.of("task", "Outline a launch plan"));

		assertThat(run.output().path("status").asText()).isEqualTo("completed");
		assertThat(run.output().path("turns").asInt()).isEqualTo(4);
		List<JsonNode> calls = run.calls();
		assertThat(calls).hasSize(8);
		for (int turn = 0; turn < 4; turn++) {
			JsonNode selection = calls.get(2 * turn);
			JsonNode speech = calls.get(2 * turn + 1);
			assertThat(selection.path("agent").asText()).isEqualTo("coordinator");
			assertThat(selection.path("activityId").asText()).isEqualTo("Task_SelectSpeaker");
			// The speaker is the participant the selector named.
			assertThat(selection.path("response").asText()).contains("\"" + speech.path("agent").asText() + "\"");
			assertThat(speech.path("agent").asText()).isIn(PARTICIPANTS);
		}
		assertThat(run.output().path("conversation"))
			.allSatisfy((entry) -> assertThat(entry.path("fallback").asText()).isEqualTo("false"));
		assertThat(run.output().path("result").asText()).contains("TASK_COMPLETE");
	}

	@Test
	void aSelectorThatTwiceNamesNoParticipantFallsBackToTheNextInOrderAndSaysSo() {
		this.simulator.malformNext(2);
		EndedRun run = this.api.runToCompletion("selector-group-chat",
				Map.of("task", "Outline a launch plan", "maxTurns", 2));

		assertThat(run.output().path("status").asText()).isEqualTo("max_turns_reached");
		JsonNode first = run.output().path("conversation").get(0);
		assertThat(first.path("speaker").asText()).isEqualTo("researcher");
		assertThat(first.path("fallback").asText()).isEqualTo("true");
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("activityId").asText())
			.startsWith("Task_SelectSpeaker", "Task_SelectSpeaker", "Task_Speak");
		assertThat(calls.get(1).path("prompt").asText()).startsWith("Your previous answer could not be used")
			.contains("researcher, writer, reviewer");
		// The transcript says what became of the second answer, on that call.
		assertThat(calls.get(1).path("note").asText()).startsWith("Answer not used (")
			.endsWith("the task took its fallback: researcher");
		assertThat(calls.get(0).has("note")).isFalse();
	}

	@Test
	void aPersonsMessageJoinsTheChat() {
		this.simulator.latency(Duration.ofMillis(150));
		String id = this.api.start("selector-group-chat", Map.of("task", "Pick a venue", "maxTurns", 3));

		ResponseEntity<JsonNode> sent = this.api.post("/api/runs/" + id + "/messages",
				Map.of("content", "Keep it under budget"));
		JsonNode run = this.api.awaitEnd(id);

		assertThat(sent.getStatusCode().value()).isEqualTo(202);
		assertThat(run.path("output").path("conversation"))
			.anySatisfy((entry) -> assertThat(entry.path("message").asText()).isEqualTo("Keep it under budget"));
	}

	@Test
	void tasklistGetsTheStartFormWithTheParticipantsTheSelectorAndTheirDefaults() {
		// What Tasklist's "Start process" loads to render a Camunda Form.
		ResponseEntity<JsonNode> form = this.api
			.get("/engine-rest/process-definition/key/selector-group-chat/deployed-start-form");

		assertThat(form.getStatusCode().value()).isEqualTo(200);
		assertThat(form.getBody().path("id").asText()).isEqualTo("selector-group-chat-start");
		assertThat(form.getBody().path("components").findValuesAsText("key")).contains("task", "agents", "selector",
				"maxTurns", "terminationPhrase", "requireApproval");
	}

	@Test
	void anUnknownSelectorIsRefusedBeforeTheRunStarts() {
		ResponseEntity<JsonNode> refused = this.api.post("/api/runs",
				Map.of("process", "selector-group-chat", "input", Map.of("task", "t", "selector", "oracle")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("field").asText()).isEqualTo("selector");
	}

}
