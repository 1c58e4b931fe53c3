package io.bpmnagents.a2a;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.a2a.spec.Message;
import io.a2a.spec.TextPart;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A remote A2A agent takes a pipeline stage like a model-backed agent: the app reads its
 * card and asks it with the A2A Java SDK's client over real HTTP
 * ({@link ReviewerA2aAgent} in this JVM); its turn is in the transcript, and its failures
 * are failed attempts that end in an incident.
 */
@EndToEndTest
class RemoteAgentEndToEndTest {

	private static ReviewerA2aAgent remote;

	@Autowired
	ApiClient api;

	@DynamicPropertySource
	static void agents(DynamicPropertyRegistry registry) throws Exception {
		remote = new ReviewerA2aAgent();
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:a2a-remote;DB_CLOSE_DELAY=-1");
		registry.add("camunda.bpm.process-engine-name", () -> "a2aRemoteTests");
		registry.add("agents.remote-reviewer.a2a", () -> remote.cardUrl("reviewer"));
		registry.add("agents.remote-reviewer.role", () -> "remote reviewer");
		registry.add("agents.silent.a2a", () -> remote.cardUrl("silent"));
		registry.add("bpmn-agents.a2a.timeout", () -> "3s");
		registry.add("bpmn-agents.a2a.poll", () -> "10ms");
	}

	@AfterAll
	static void stopRemote() {
		remote.close();
	}

	@Test
	void aRemoteAgentTakesAPipelineStageAndItsTurnIsInTheTranscriptLikeAModelCall() {
		int before = remote.received().size();

		EndedRun run = this.api.runToCompletion("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("writer", "remote-reviewer")));

		JsonNode turn = run.calls().get(1);
		assertThat(turn.path("agent").asText()).isEqualTo("remote-reviewer");
		assertThat(turn.path("model").asText()).isEqualTo("a2a:" + remote.cardUrl("reviewer"));
		assertThat(turn.path("source").asText()).isEqualTo("a2a");
		assertThat(turn.path("response").asText()).startsWith("Reviewed: ");
		assertThat(turn.path("latencyMs").isNumber()).isTrue();
		assertThat(run.output().path("result").asText()).isEqualTo(turn.path("response").asText());
		// Asked once, with the writer's text as the prompt, in the run's context.
		List<Message> sent = remote.received().subList(before, remote.received().size());
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).getContextId()).isEqualTo(run.id());
		assertThat(sent.get(0).getMessageId()).isEqualTo(turn.path("id").asText());
		TextPart prompt = (TextPart) sent.get(0).getParts().get(sent.get(0).getParts().size() - 1);
		assertThat(prompt.getText()).isEqualTo(turn.path("prompt").asText())
			.contains(run.calls().get(0).path("response").asText());
	}

	@Test
	void aRemoteTaskStillWorkingIsFollowedWithTasksGetUntilItCompletes() {
		EndedRun run = this.api.runToCompletion("sequential-pipeline",
				Map.of("task", "[slow] Write about tides", "agents", List.of("remote-reviewer")));

		assertThat(run.calls()).hasSize(1);
		assertThat(run.output().path("result").asText()).startsWith("Reviewed: ").contains("[slow]");
	}

	@Test
	void aRemoteAgentAskingForInputFailsItsTurnWithAnIncidentThatSaysSo() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "[ask] Write about tides", "agents", List.of("remote-reviewer")));

		JsonNode incident = this.api.awaitIncident(id).path("incidents").get(0);

		assertThat(incident.path("message").asText()).contains("asks for input in task")
			.contains("(input-required: Which audience?)");
		List<JsonNode> calls = this.api.transcript(id);
		assertThat(calls).noneMatch((call) -> call.has("response"));
		assertThat(calls.get(calls.size() - 1).path("error").asText())
			.contains("The remote agent 'remote-reviewer' at " + remote.cardUrl("reviewer") + " asks for input");
	}

	@Test
	void aCardUrlThatDoesNotAnswerGivesAnIncidentInsteadOfHoldingTheWorker() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("silent")));

		JsonNode incident = this.api.awaitIncident(id).path("incidents").get(0);

		assertThat(incident.path("message").asText())
			.contains("The agent card of remote agent 'silent' at " + remote.cardUrl("silent") + " could not be read");
		// The worker is free: another run completes.
		assertThat(this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Write about waves", "agents", List.of("writer")))
			.status()).isEqualTo("COMPLETED");
	}

}
