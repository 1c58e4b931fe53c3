package io.bpmnagents.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.replay.LiveFrom;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replay that goes live ({@code goLive}): recorded answers while the requests match the
 * recording, the live model (the simulator over HTTP) from the first difference on, which
 * the transcript and {@link ReplayStarts#liveFrom} name. What an evaluation of a change
 * runs.
 */
@ObservedEndToEndTest
class LiveReplayEndToEndTest {

	private static final String REFUND = "[call issue_refund {\"orderId\": \"A-17\", \"amount\": 250, "
			+ "\"reason\": \"late\"}]";

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@Autowired
	ReplayStarts replays;

	@Autowired
	RepositoryService repository;

	@Autowired
	WorkspaceStore workspace;

	@Test
	void aChangedPromptInANewVersionGoesLiveAtThatStepAndTheModelAnswersFromThereOn() {
		String original = recordThenChange("live-prompt", "Write it up", "Write it up in one line");
		long requestsBefore = this.simulator.load().requests();

		String replay = this.replays.start(new ReplayRequest(original, latest("live-prompt"), Map.of(), true, false));

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("processVersion").asInt()).isEqualTo(2);
		List<JsonNode> transcript = this.api.transcript(replay);
		assertThat(transcript).extracting((entry) -> entry.path("source").asText())
			.containsExactly("replay", "model", "model");
		assertThat(transcript).extracting((entry) -> entry.path("liveFrom").asBoolean())
			.containsExactly(false, true, false);
		assertThat(transcript.get(1).path("note").asText()).startsWith("Went live here.")
			.contains("Expected prompt: Write it up\nActual prompt: Write it up in one line");
		assertThat(this.simulator.load().requests()).as("the live calls: the writer's and the editor's")
			.isEqualTo(requestsBefore + 2);
		assertThat(replayed.path("usage").path("calls").asInt()).isEqualTo(2);
		LiveFrom live = this.replays.liveFrom(replay).orElseThrow();
		assertThat(live).isEqualTo(new LiveFrom("Task_Write", "writer", transcript.get(1).path("id").asText(),
				"Write it up", "Write it up in one line"));
	}

	@Test
	void aReplayThatNeverDiffersStaysOnTheRecordingAndNeverGoesLive() {
		String original = recordThenChange("live-same", "Write it up", "Write it up");
		long requestsBefore = this.simulator.load().requests();

		String replay = this.replays.start(new ReplayRequest(original, null, Map.of(), true, false));

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(replay)).allSatisfy((entry) -> {
			assertThat(entry.path("source").asText()).isEqualTo("replay");
			assertThat(entry.has("liveFrom")).isFalse();
		});
		assertThat(this.replays.liveFrom(replay)).isEmpty();
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
	}

	@Test
	void anAgentsOverriddenSystemPromptAppliesToTheReplayOnlyAndGoesLiveAtItsFirstCall() {
		String original = recordThenChange("live-override", "Write it up", "Write it up");

		ResponseEntity<JsonNode> started = this.api.post("/api/runs/" + original + "/replay",
				Map.of("goLive", true, "agents", Map.of("writer", Map.of("systemPrompt", "You write in haiku."))));

		assertThat(started.getStatusCode().value()).isEqualTo(201);
		String replay = started.getBody().path("id").asText();
		this.api.awaitEnd(replay);
		List<JsonNode> transcript = this.api.transcript(replay);
		assertThat(transcript).extracting((entry) -> entry.path("source").asText())
			.containsExactly("replay", "model", "model");
		assertThat(transcript.get(1).path("contextMessages").get(0).path("content").asText())
			.isEqualTo("You write in haiku.");
		assertThat(transcript.get(1).path("note").asText()).contains("another system prompt");
		assertThat(this.replays.liveFrom(replay).orElseThrow().activityId()).isEqualTo("Task_Write");
		// The agent itself is unchanged: a run that is no replay gets its own prompt.
		String fresh = this.api.start("live-override", Map.of("task", "Tides"));
		this.api.awaitEnd(fresh);
		assertThat(this.api.transcript(fresh).get(1).path("contextMessages").get(0).path("content").asText())
			.isNotEqualTo("You write in haiku.");
	}

	@Test
	void afterGoingLiveAToolThatChangesTheWorldGetsTheRecordedResultOfTheSameCallOrARefusal() {
		deploy("live-refund", "Refund order A-17 " + REFUND);
		String original = this.api.start("live-refund", Map.of("task", "Refunds"));
		this.api.awaitEnd(original);
		assertThat(this.workspace.all(original)).containsKey("refunds/A-17");
		deploy("live-refund", "Refund order A-17 now " + REFUND);

		// The same call as recorded: its recorded result, the tool not run.
		String same = this.replays.start(new ReplayRequest(original, latest("live-refund"), Map.of(), true, false));
		JsonNode sameCall = toolCall(this.api.awaitEnd(same).path("id").asText());
		assertThat(sameCall.path("replayOf").asText()).isNotBlank();
		assertThat(sameCall.path("result").asText()).contains("Refund of 250.00 for order A-17 issued");
		assertThat(this.workspace.all(same)).isEmpty();

		// Allowed to act, the tool runs.
		String acting = this.replays.start(new ReplayRequest(original, latest("live-refund"), Map.of(), true, true));
		this.api.awaitEnd(acting);
		assertThat(toolCall(acting).has("replayOf")).isFalse();
		assertThat(this.workspace.all(acting)).containsKey("refunds/A-17");
	}

	@Test
	void afterGoingLiveAToolThatChangesTheWorldWithOtherArgumentsIsRefusedAndTheModelReadsWhy() {
		deploy("live-refund-other", "Refund order A-17 " + REFUND);
		String original = this.api.start("live-refund-other", Map.of("task", "Refunds"));
		this.api.awaitEnd(original);
		deploy("live-refund-other", "Refund order A-17 " + REFUND.replace("250", "300"));

		String replay = this.replays
			.start(new ReplayRequest(original, latest("live-refund-other"), Map.of(), true, false));

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode refused = toolCall(replay);
		assertThat(refused.path("error").asText()).startsWith("Not run: tool 'issue_refund' may change the world");
		assertThat(this.workspace.all(replay)).isEmpty();
	}

	@Test
	void aVersionOfAnotherProcessIsRefusedWithTheReason() {
		String original = recordThenChange("live-other", "Write it up", "Write it up");

		ResponseEntity<JsonNode> refused = this.api.post("/api/runs/" + original + "/replay", Map.of("version", 99));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("detail").asText()).contains("has no version 99");
		assertThat(this.api.post("/api/runs/" + original + "/replay",
				Map.of("agents", Map.of("nobody", Map.of("model", "gpt-5")))))
			.satisfies((response) -> {
				assertThat(response.getStatusCode().value()).isEqualTo(400);
				assertThat(response.getBody().path("detail").asText()).contains("There is no agent 'nobody'");
			});
	}

	@Test
	void anOverrideThatChangesNothingOrNamesNoModelIsRefusedNamingTheAgentAndStartsNothing() {
		String original = recordThenChange("live-overrides", "Write it up", "Write it up");
		Map<String, Object> nothing = new HashMap<>();
		nothing.put("writer", null);
		String tooLong = "m".repeat(300);

		for (Object override : List.of(nothing, Map.of("writer", Map.of()), Map.of("writer", Map.of("model", tooLong)),
				Map.of("writer", Map.of("model", "gpt-4o\nmini")))) {
			ResponseEntity<JsonNode> refused = this.api.post("/api/runs/" + original + "/replay",
					Map.of("agents", override));

			assertThat(refused.getStatusCode().value()).as("%s", refused.getBody()).isEqualTo(400);
			assertThat(refused.getBody().path("field").asText()).isEqualTo("agents.writer");
		}
		assertThat(this.api.get("/api/runs?process=live-overrides").getBody().path("total").asInt()).isOne();
	}

	/**
	 * Records a run of a researcher then a writer (prompt {@code before}) and an editor,
	 * then deploys a second version whose writer is asked {@code after}.
	 */
	private String recordThenChange(String key, String before, String after) {
		deployTeam(key, before);
		String original = this.api.start(key, Map.of("task", "Tides"));
		assertThat(this.api.awaitEnd(original).path("status").asText()).isEqualTo("COMPLETED");
		if (!before.equals(after)) {
			deployTeam(key, after);
		}
		return original;
	}

	private void deployTeam(String key, String writerPrompt) {
		String xml = AgentTaskChains.xml(key, Step.of("Task_Research", "researcher", "${task}", "research"),
				Step.of("Task_Write", "writer", writerPrompt, "draft"),
				Step.of("Task_Edit", "editor", "Edit: ${draft}", "result"));
		assertThat(this.api.deploy(key, Map.of(key + ".bpmn", xml)).getStatusCode().value()).isEqualTo(200);
	}

	private void deploy(String key, String prompt) {
		String xml = AgentTaskChains.xml(key,
				Step.of("Task_Refund", "writer", prompt, "result").withTools("issue_refund"));
		assertThat(this.api.deploy(key, Map.of(key + ".bpmn", xml)).getStatusCode().value()).isEqualTo(200);
	}

	private String latest(String key) {
		return this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.latestVersion()
			.singleResult()
			.getId();
	}

	private JsonNode toolCall(String run) {
		return this.api.transcript(run).get(0).path("toolCalls").get(0);
	}

}
