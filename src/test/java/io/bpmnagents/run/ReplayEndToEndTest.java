package io.bpmnagents.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RecordedModel;
import io.bpmnagents.support.SwitchableModel;
import io.bpmnagents.tool.WorkspaceStore;
import org.camunda.bpm.engine.HistoryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replaying a finished run through {@code /api/runs} against the simulator over HTTP: the
 * replay's agents are answered from the original's transcript and the simulator receives
 * no request at all.
 */
@ObservedEndToEndTest
class ReplayEndToEndTest {

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@Autowired
	Simulator simulator;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SwitchableModel model;

	@Autowired
	HistoryService history;

	@Autowired
	WorkspaceStore workspace;

	@Test
	void aReplayAnswersEveryCallFromTheRecordingWithoutAnyModelRequestAndEndsAsTheOriginalDid() {
		// Turns of two agents at one activity: each is matched by its place in the loop,
		// and carries the memory of the agent's earlier turns.
		String original = this.api.start("round-robin-conversation",
				Map.of("task", "Plan a replay of this conversation", "maxTurns", 6));
		JsonNode ended = this.api.awaitEnd(original);
		List<JsonNode> recorded = this.api.transcript(original);
		long requestsBefore = this.simulator.load().requests();

		ResponseEntity<JsonNode> response = this.api.post("/api/runs/" + original + "/replay", Map.of());

		assertThat(response.getStatusCode().value()).isEqualTo(201);
		String replay = response.getBody().path("id").asText();
		assertThat(replay).isNotEqualTo(original);
		assertThat(response.getHeaders().getLocation()).hasToString("/api/runs/" + replay);
		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("process").asText()).isEqualTo("round-robin-conversation");
		assertThat(replayed.path("processVersion")).isEqualTo(ended.path("processVersion"));
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(replayed.path("usage").path("calls").asInt()).isZero();
		assertThat(this.simulator.load().requests()).as("requests to the model during the replay")
			.isEqualTo(requestsBefore);

		List<JsonNode> transcript = this.api.transcript(replay);
		assertThat(recorded).hasSize(4);
		assertThat(transcript).hasSameSizeAs(recorded).allSatisfy((entry) -> {
			assertThat(entry.path("source").asText()).isEqualTo("replay");
			assertThat(entry.has("error")).isFalse();
		});
		assertThat(transcript.stream().map((entry) -> entry.path("replayOf").asText()))
			.containsExactlyElementsOf(recorded.stream().map((entry) -> entry.path("id").asText()).toList());
		assertThat(recorded).allSatisfy((entry) -> assertThat(entry.path("source").asText()).isEqualTo("model"));
		for (JsonNode entry : transcript) {
			JsonNode from = recorded.stream()
				.filter((call) -> call.path("id").asText().equals(entry.path("replayOf").asText()))
				.findFirst()
				.orElseThrow();
			assertThat(entry.path("prompt")).isEqualTo(from.path("prompt"));
			assertThat(entry.path("response")).isEqualTo(from.path("response"));
			assertThat(entry.path("activityId")).isEqualTo(from.path("activityId"));
			assertThat(entry.path("agent")).isEqualTo(from.path("agent"));
			assertThat(entry.path("contextMessages")).isEqualTo(from.path("contextMessages"));
		}
	}

	@Test
	void aReplayFinishesParallelCallsInTheOrderTheOriginalDidSoLaterPromptsAreTheRecordedOnes() {
		// The openings run in parallel and are collected as they finish; the judge sees
		// them in that order. The simulator's jitter makes either order happen.
		Duration latency = this.simulator.latency();
		this.simulator.latency(Duration.ofMillis(30));
		String original;
		try {
			original = this.api.start("debate", Map.of("task", "Tabs beat spaces", "maxRounds", 1));
			this.api.awaitEnd(original);
		}
		finally {
			this.simulator.latency(latency);
		}
		long requestsBefore = this.simulator.load().requests();

		// Left to chance, two replayed openings finish in the recorded order half the
		// time.
		for (int replays = 0; replays < 3; replays++) {
			String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();

			JsonNode replayed = this.api.awaitEnd(replay);
			assertThat(replayed.path("incidents")).isEmpty();
			assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
			assertThat(replayed.path("output")).isEqualTo(this.api.run(original).path("output"));
			assertThat(this.api.transcript(replay)).hasSameSizeAs(this.api.transcript(original))
				.allSatisfy((entry) -> assertThat(entry.path("source").asText()).isEqualTo("replay"));
		}
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
	}

	static Stream<Arguments> builtInPatterns() {
		return Stream.of(Arguments.of("parallel-fanout", Map.of("task", "Review our caching strategy")),
				Arguments.of("hierarchical-delegation", Map.of("task", "Build a simple todo app with tests")),
				Arguments.of("collaborative-group", Map.of("task", "Design an onboarding flow", "maxIterations", 2)),
				Arguments.of("evaluator-optimizer", Map.of("task", "Write a product announcement", "maxRounds", 2)),
				Arguments.of("routing", Map.of("task", "I was charged twice for March")),
				Arguments.of("multi-agent-task", Map.of("task", "Ship the release notes", "strategy", "parallel")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("builtInPatterns")
	void everyBuiltInPatternReplaysToTheSameOutputWithoutAModel(String process, Map<String, Object> input) {
		String original = this.api.start(process, input);
		JsonNode ended = this.api.awaitEnd(original);
		long requestsBefore = this.simulator.load().requests();

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();

		JsonNode replayed = this.api.awaitEnd(replay);
		assertThat(replayed.path("incidents")).isEmpty();
		assertThat(replayed.path("status")).isEqualTo(ended.path("status"));
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(this.api.transcript(replay)).hasSameSizeAs(this.api.transcript(original));
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
	}

	@Test
	void aRunWhoseAgentCalledToolsReplaysFromTheRecordedResultsWithoutCallingAModelOrATool() {
		// The analyst keeps notes in the workspace and asks a colleague (a model call
		// inside a tool call): every tool answers from the recording instead.
		String original = this.api.start("sequential-pipeline",
				Map.of("task", "Summarize the tides of the North Sea", "agents", List.of("analyst")));
		JsonNode ended = this.api.awaitEnd(original);
		List<JsonNode> recordedTools = toolCalls(this.api.transcript(original));
		assertThat(recordedTools).isNotEmpty();
		assertThat(this.workspace.all(original)).isNotEmpty();

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		assertThat(this.workspace.all(replay)).as("what the replay's tools wrote").isEmpty();
		List<JsonNode> replayedTools = toolCalls(this.api.transcript(replay));
		assertThat(replayedTools).hasSameSizeAs(recordedTools);
		for (int i = 0; i < recordedTools.size(); i++) {
			JsonNode recorded = recordedTools.get(i);
			assertThat(replayedTools.get(i).path("replayOf").asText()).isEqualTo(recorded.path("id").asText());
			assertThat(replayedTools.get(i).path("tool")).isEqualTo(recorded.path("tool"));
			assertThat(replayedTools.get(i).path("arguments")).isEqualTo(recorded.path("arguments"));
			assertThat(replayedTools.get(i).path("result")).isEqualTo(recorded.path("result"));
		}
	}

	@Test
	void aMessageAnAgentSentWithAToolIsSentAgainByTheReplayedCallAndReadAtTheSamePoint() {
		assertThat(this.api.deploy("messaging-pair", Map.of("messaging-pair.bpmn", AgentMessagesEndToEndTest.TEAM))
			.getStatusCode()
			.value()).isEqualTo(200);
		String original = this.api.start("messaging-pair",
				Map.of("task", "Tell the writer: the tides follow the moon"));
		JsonNode ended = this.api.awaitEnd(original);

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, ended);

		assertThat(this.api.get("/api/runs/" + replay + "/messages").getBody()).singleElement().satisfies((message) -> {
			assertThat(message.path("from").asText()).isEqualTo("researcher");
			assertThat(message.path("to").asText()).isEqualTo("writer");
			assertThat(message.hasNonNull("deliveredAt")).isTrue();
		});
		assertThat(this.api.transcript(replay).get(2).path("contextMessages").findValuesAsText("content"))
			.contains("[From researcher]: Tell the writer: the tides follow the moon");
	}

	private static List<JsonNode> toolCalls(List<JsonNode> transcript) {
		return transcript.stream()
			.flatMap((entry) -> java.util.stream.StreamSupport.stream(entry.path("toolCalls").spliterator(), false))
			.toList();
	}

	@Test
	void aPromptThatDiffersFromTheRecordingEndsTheReplayInAnIncidentNamingTheCallAndBothPrompts() {
		String original = this.api.start("sequential-pipeline",
				Map.of("task", "Write about replays", "agents", List.of("researcher", "writer")));
		this.api.awaitEnd(original);
		JsonNode first = this.api.transcript(original).get(0);
		// As if the process had asked something else when it was recorded.
		this.jdbc.sql("UPDATE agent_call SET prompt = :prompt WHERE id = :id")
			.param("prompt", "Research something else entirely")
			.param("id", first.path("id").asText())
			.update();
		long requestsBefore = this.simulator.load().requests();

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();

		JsonNode stuck = this.api.awaitIncident(replay);
		assertThat(stuck.path("status").asText()).isEqualTo("RUNNING");
		assertThat(stuck.path("incidents").get(0).path("activityId").asText())
			.isEqualTo(first.path("activityId").asText());
		assertThat(stuck.path("incidents").get(0).path("message").asText())
			.contains("Replay of run " + original + ": the prompt of agent 'researcher' at activity '"
					+ first.path("activityId").asText() + "' (call 1 of 1 recorded there) differs from the recording")
			.contains("Expected prompt: Research something else entirely")
			.contains("Actual prompt: " + first.path("prompt").asText());
		List<JsonNode> transcript = this.api.transcript(replay);
		assertThat(transcript).singleElement().satisfies((entry) -> {
			assertThat(entry.path("source").asText()).isEqualTo("replay");
			assertThat(entry.has("replayOf")).isFalse();
			assertThat(entry.has("response")).isFalse();
			assertThat(entry.path("error").asText()).contains("Expected prompt: Research something else entirely");
		});
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
	}

	@Test
	void aRunWhoseBudgetRanOutReplaysToTheSameEndWhereTheRecordingRunsOut() {
		String original = this.api.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer", "reviewer"), "budget", Map.of("maxCalls", 2)));
		JsonNode ended = this.api.awaitEnd(original);
		assertThat(ended.path("status").asText()).isEqualTo("FAILED");

		String replay = this.api.post("/api/runs/" + original + "/replay", Map.of()).getBody().path("id").asText();
		JsonNode replayed = this.api.awaitEnd(replay);

		assertThat(replayed.path("status").asText()).isEqualTo("FAILED");
		assertThat(replayed.path("incidents")).isEmpty();
		assertThat(replayed.path("endMessage").asText()).isEqualTo(ended.path("endMessage").asText())
			.contains("maxCalls of 2");
		assertThat(replayed.path("output")).isEqualTo(ended.path("output"));
		assertThat(this.api.transcript(replay)).filteredOn((entry) -> entry.has("response")).hasSize(2);
	}

	@Test
	void aRunThatIsStillRunningIsNeitherReplayedNorExported() {
		String running = this.api.start("sequential-pipeline",
				Map.of("task", "Wait for me", "agents", List.of("writer"), "requireApproval", true));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.api.run(running).path("userTasks").size() > 0);

		for (ResponseEntity<JsonNode> refused : List.of(this.api.post("/api/runs/" + running + "/replay", Map.of()),
				this.api.get("/api/runs/" + running + "/recording"))) {
			assertThat(refused.getStatusCode().value()).isEqualTo(409);
			assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(refused.getBody().path("detail").asText())
				.contains("Run '" + running + "' is still running: only a finished run can be");
		}
	}

	@Test
	void onlyPeopleWhoSeeARunAndMayStartItsProcessReplayIt() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Approve me", "agents", List.of("writer"), "requireApproval", true));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.api.run(id).path("userTasks").size() > 0);
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		assertThat(approver.post("/api/runs/" + id + "/approval", Map.of("approved", true)).getStatusCode().value())
			.isEqualTo(200);
		this.api.awaitEnd(id);

		// The approver sees the run they decided, but may not start runs.
		assertThat(approver.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(200);
		ResponseEntity<JsonNode> forbidden = approver.post("/api/runs/" + id + "/replay", Map.of());
		assertThat(forbidden.getStatusCode().value()).isEqualTo(403);
		assertThat(forbidden.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(approver.get("/api/runs/" + id + "/recording").getStatusCode().value()).isEqualTo(200);
		// Somebody who does not see the run is told there is no such run.
		Person stranger = this.people.inGroups();
		assertThat(stranger.post("/api/runs/" + id + "/replay", Map.of()).getStatusCode().value()).isEqualTo(404);
		assertThat(stranger.get("/api/runs/" + id + "/recording").getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.post("/api/runs/no-such-run/replay", Map.of()).getStatusCode().value()).isEqualTo(404);
		// Nobody without credentials.
		RestClient anonymous = this.people.anonymous();
		assertThat(List.of(anonymous.post().uri("/api/runs/" + id + "/replay"),
				anonymous.get().uri("/api/runs/" + id + "/recording")))
			.allSatisfy((request) -> assertThat(request.retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(401));
		// An operator may: the replay is theirs.
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		ResponseEntity<JsonNode> replayed = operator.post("/api/runs/" + id + "/replay", Map.of());
		assertThat(replayed.getStatusCode().value()).isEqualTo(201);
		String replay = replayed.getBody().path("id").asText();
		// The approver's decision is re-delivered: the replay ends without a person.
		assertThat(this.api.awaitEnd(replay).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(replay)
			.singleResult()
			.getStartUserId()).isEqualTo(operator.id());
	}

	@Test
	void aRecordingIsTheRunsAnswersAsAFile() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about recordings", "agents", List.of("researcher", "writer")));
		this.api.awaitEnd(id);
		List<JsonNode> transcript = this.api.transcript(id);

		ResponseEntity<JsonNode> response = this.api.get("/api/runs/" + id + "/recording");

		assertThat(response.getStatusCode().value()).isEqualTo(200);
		assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
			.isEqualTo("attachment; filename=\"run-" + id + "-recording.json\"");
		JsonNode recording = response.getBody();
		assertThat(recording.path("format").asText()).isEqualTo("bpmn-agents-recording/1");
		assertThat(recording.path("run").asText()).isEqualTo(id);
		assertThat(recording.path("process").asText()).isEqualTo("sequential-pipeline");
		assertThat(recording.path("processVersion").asInt()).isPositive();
		assertThat(recording.path("input").path("task").asText()).isEqualTo("Write about recordings");
		assertThat(recording.path("input").path("agents")).hasSize(2);
		assertThat(recording.path("calls")).hasSize(transcript.size());
		JsonNode call = recording.path("calls").get(0);
		assertThat(call.path("agent").asText()).isEqualTo("researcher");
		assertThat(call.path("prompt")).isEqualTo(transcript.get(0).path("prompt"));
		assertThat(call.path("response")).isEqualTo(transcript.get(0).path("response"));
		assertThat(call.path("contextMessages")).isEqualTo(transcript.get(0).path("contextMessages"));
	}

	/**
	 * What a team does to turn a real run into a regression test: record it, export its
	 * answers, and run the process again with the file as its model.
	 */
	@Test
	void aRecordedRunExportedToAFileAnswersTheSameProcessAgainAsItsModel(@TempDir Path folder) throws Exception {
		Map<String, Object> input = Map.of("task", "Write a regression test", "agents",
				List.of("researcher", "writer", "editor"));
		String recorded = this.api.start("sequential-pipeline", input);
		JsonNode original = this.api.awaitEnd(recorded);
		Path file = folder.resolve("pipeline-recording.json");
		Files.writeString(file,
				this.api.http().get().uri("/api/runs/" + recorded + "/recording").retrieve().body(String.class));
		long requestsBefore = this.simulator.load().requests();

		RecordedModel recording = RecordedModel.load(file);
		this.model.use(recording);
		try {
			JsonNode again = this.api.awaitEnd(this.api.start("sequential-pipeline", input));

			assertThat(again.path("status").asText()).isEqualTo("COMPLETED");
			assertThat(again.path("output").path("result")).isEqualTo(original.path("output").path("result"));
			assertThat(recording.answered()).isEqualTo(3);
			assertThat(recording.refused()).isEmpty();
			assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);

			// A process that now asks something else is told so, not answered.
			JsonNode changed = this.api.awaitIncident(this.api.start("sequential-pipeline",
					Map.of("task", "Write something new", "agents", List.of("researcher"))));
			assertThat(changed.path("incidents").get(0).path("message").asText())
				.contains("No recorded answer for this chat");
			assertThat(recording.refused()).isNotEmpty().allSatisfy((prompt) -> assertThat(prompt).contains("new"));
		}
		finally {
			this.model.reset();
		}
	}

}
