package io.bpmnagents.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ConversationEndToEndTest extends EndToEndApiTest {

	@Test
	void theSimulatedAgentsFinishAtTheConfiguredTurnAndRememberTheirEarlierTurns() {
		EndedRun run = this.api.runToCompletion("round-robin-conversation", Map.of("task", "Outline a launch plan"));

		assertThat(run.output().path("status").asText()).isEqualTo("completed");
		assertThat(run.output().path("turns").asInt()).isEqualTo(4);
		assertThat(run.output().path("result").asText()).contains("TASK_COMPLETE");
		List<JsonNode> calls = run.calls();
		assertThat(calls).hasSize(4);
		assertThat(calls).extracting((call) -> call.path("agent").asText())
			.containsExactly("researcher", "writer", "researcher", "writer");
		// The researcher's second turn sees the conversation so far: its own turn and the
		// writer's, as chat messages.
		assertThat(calls.get(2).path("contextMessages").size()).isEqualTo(4);
		assertThat(calls.get(0).path("response").asText()).doesNotContain("TASK_COMPLETE");
	}

	@Test
	void givenACustomPhraseWhenSimulatedThenNoTurnEchoesItAndTheConversationRunsItsTurns() {
		// The simulator says its configured phrase (simulator.termination-phrase), never
		// a
		// phrase it only read in its instructions: quoting the turn prompt once ended
		// such a conversation after its first turn.
		EndedRun run = this.api.runToEnd("round-robin-conversation",
				Map.of("task", "Outline a launch plan", "terminationPhrase", "WE_ARE_DONE", "maxTurns", 3));

		assertThat(run.output().path("status").asText()).isEqualTo("max_turns_reached");
		assertThat(run.output().path("endedBy").asText()).isEqualTo("maxTurns");
		assertThat(run.output().path("turns").asInt()).isEqualTo(3);
		assertThat(run.calls()).allSatisfy((call) -> {
			assertThat(call.path("prompt").asText()).contains("WE_ARE_DONE");
			assertThat(call.path("response").asText()).doesNotContain("WE_ARE_DONE");
		});
	}

	@Test
	void givenAConversationWhosePromptAModellerRewordedWhenSimulatedThenItEndsOnTheSameTurn() throws Exception {
		String xml = Files.readString(Path.of("processes/round-robin-conversation.bpmn"))
			.replace("id=\"round-robin-conversation\"", "id=\"reworded-chat\"")
			.replace("bpmnElement=\"round-robin-conversation\"", "bpmnElement=\"reworded-chat\"")
			.replaceAll("(<camunda:property name=\"prompt\" value=\")Task: [^\"]*\"", "$1" + Matcher
				.quoteReplacement("Speak for your role about ${task}. Say ${terminationPhrase} when done.\""));
		assertThat(xml).contains("Speak for your role").doesNotContain("This is turn");
		ResponseEntity<JsonNode> deployed = this.api.deploy("reworded-chat", Map.of("reworded-chat.bpmn", xml,
				"round-robin-conversation.form", Files.readString(Path.of("processes/round-robin-conversation.form"))));
		assertThat(deployed.getStatusCode().value()).as("deployment %s", deployed.getBody()).isEqualTo(200);

		JsonNode run = this.api.awaitEnd(this.api.start("reworded-chat", Map.of("task", "Outline a launch plan")));

		assertThat(run.path("output").path("status").asText()).isEqualTo("completed");
		assertThat(run.path("output").path("turns").asInt()).isEqualTo(4);
	}

	@Test
	void aMessageAfterTheLastTurnIsRefusedWhileAPersonReviewsTheResult() {
		String id = this.api.start("round-robin-conversation",
				Map.of("task", "Short chat", "maxTurns", 1, "requireApproval", true));
		this.api.awaitUserTask(id);

		ResponseEntity<JsonNode> late = this.api.post("/api/runs/" + id + "/messages",
				Map.of("from", "Ada", "content", "One more thing"));

		assertThat(late.getStatusCode().value()).isEqualTo(409);
		assertThat(late.getBody().path("detail").asText()).contains("conversation has ended");
		assertThat(this.api.run(id).path("output").path("conversation").size()).isEqualTo(1);
	}

	@Test
	void messagesAreRefusedWhenTheRunHasEndedOrDoesNotExistOrLackAFields() {
		String id = this.api.start("round-robin-conversation", Map.of("task", "Short chat", "maxTurns", 1));
		this.api.awaitEnd(id);

		ResponseEntity<JsonNode> ended = this.api.post("/api/runs/" + id + "/messages",
				Map.of("from", "Ada", "content", "Hello"));
		ResponseEntity<JsonNode> unknown = this.api.post("/api/runs/nope/messages",
				Map.of("from", "Ada", "content", "Hello"));
		ResponseEntity<JsonNode> empty = this.api.post("/api/runs/" + id + "/messages", Map.of("from", "Ada"));

		assertThat(ended.getStatusCode().value()).isEqualTo(409);
		assertThat(ended.getBody().path("title").asText()).isEqualTo("Run takes no messages now");
		assertThat(ended.getBody().path("detail").asText()).contains("not waiting for messages");
		assertThat(unknown.getStatusCode().value()).isEqualTo(404);
		assertThat(empty.getStatusCode().value()).isEqualTo(400);
		assertThat(empty.getBody().path("field").asText()).isEqualTo("content");
	}

}
