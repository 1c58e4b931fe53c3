package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents message agents, through {@code /api/runs} against the simulator over real HTTP:
 * the researcher, offered {@code send_message}, sends to the agent its prompt names (else
 * to all); the recipient's next turn carries the message with its sender, and {@code GET
 * /api/runs/{id}/messages} shows the run's message history to those who may see the run.
 */
class AgentMessagesEndToEndTest extends EndToEndApiTest {

	/** The researcher, offered send_message, then the writer. */
	static final String TEAM = AgentTaskChains.xml("messaging-pair",
			AgentTaskChains.Step.of("Task_Research", "researcher", "${task}", "research").withTools("send_message"),
			AgentTaskChains.Step.of("Task_Write", "writer", "Write it up", "result"));

	@BeforeEach
	void deployThePair() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("messaging-pair", Map.of("messaging-pair.bpmn", TEAM));
		assertThat(deployed.getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void aMessageToTheWriterReachesItsNextTurnWithItsSenderAndIsInTheRunsMessageHistory() {
		EndedRun run = this.api.runToEnd("messaging-pair",
				Map.of("task", "Tell the writer: the tides follow the moon"));

		assertThat(run.status()).isEqualTo("COMPLETED");
		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("agent").asText())
			.containsExactly("researcher", "researcher", "writer");
		JsonNode send = calls.get(0).path("toolCalls").get(0);
		assertThat(send.path("tool").asText()).isEqualTo("send_message");
		assertThat(send.path("result").asText()).isEqualTo("Sent to writer; it reads it in its next turn.");
		JsonNode writer = calls.get(2);
		assertThat(writer.path("contextMessages").findValuesAsText("content"))
			.contains("[From researcher]: Tell the writer: the tides follow the moon");
		assertThat(writer.path("response").asText()).contains("Messages received:",
				"[From researcher]: Tell the writer: the tides follow the moon");

		ResponseEntity<JsonNode> history = this.api.get("/api/runs/" + run.id() + "/messages");
		assertThat(history.getStatusCode().value()).isEqualTo(200);
		assertThat(history.getBody()).singleElement().satisfies((message) -> {
			assertThat(message.path("type").asText()).isEqualTo("DIRECT");
			assertThat(message.path("from").asText()).isEqualTo("researcher");
			assertThat(message.path("to").asText()).isEqualTo("writer");
			assertThat(message.path("content").asText()).isEqualTo("Tell the writer: the tides follow the moon");
			assertThat(message.path("runId").asText()).isEqualTo(run.id());
			assertThat(message.path("createdAt").asText()).matches(".*T.*Z");
			assertThat(message.path("deliveredAt").asText()).matches(".*T.*Z");
			assertThat(message.path("deliveredCall").asText()).isNotEmpty();
		});
	}

	@Test
	void givenNoAgentNamedTheSimulatedResearcherBroadcastsToTheTeamButItself() {
		String id = this.api.start("messaging-pair",
				Map.of("task", "Summarize the tides", "agents", List.of("researcher", "writer", "editor")));

		this.api.awaitEnd(id);

		JsonNode history = this.api.get("/api/runs/" + id + "/messages").getBody();
		assertThat(history).extracting((message) -> message.path("type").asText() + " " + message.path("to").asText())
			.containsExactly("BROADCAST writer", "BROADCAST editor");
		// The writer took its turn; the editor has none in this process, so its message
		// waits.
		assertThat(history.get(0).has("deliveredAt")).isTrue();
		assertThat(history.get(1).has("deliveredAt")).isFalse();
	}

	@Test
	void theMessageHistoryIsSeenOnlyByWhoMaySeeTheRun() {
		String id = this.api.start("messaging-pair", Map.of("task", "Tell the writer: hello"));
		this.api.awaitEnd(id);

		People.Person stranger = this.people.inGroups();

		assertThat(stranger.get("/api/runs/" + id + "/messages").getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.get("/api/runs/no-such-run/messages").getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.get("/api/runs/" + id + "/messages").getStatusCode().value()).isEqualTo(200);
	}

}
