package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluations over HTTP against the simulator: a recorded run evaluated against a new
 * version whose prompt changed goes live at that prompt and is judged, a dataset case
 * runs fresh, and the gate answers a pipeline.
 */
@EndToEndTest
// A context of its own (its stand-in replay and dataset beans, a short poll) gets a
// database and an engine name of its own.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:evaluation-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=evaluationEndToEndTests", "bpmn-agents.evaluation.poll=100ms" })
class EvaluationEndToEndTest {

	static final String PROCESS = "evaluated-article";

	static final String FIRST_PROMPT = "Write an article from these notes:\n${notes}";

	static final String CHANGED_PROMPT = "Write a short article for busy readers from these notes:\n${notes}";

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@BeforeEach
	void deployTheFirstVersion() {
		EvaluationDataset.givenTheDataset(this.api);
		deploy(FIRST_PROMPT);
	}

	@Test
	void aRunReplayedAgainstAChangedPromptGoesLiveThereAndIsJudgedWorse() {
		ApiClient.EndedRun original = this.api.runToCompletion(PROCESS, Map.of("task", "Why tests matter"));
		deploy(CHANGED_PROMPT);
		this.simulator.choose("verdict", "worse");

		ResponseEntity<JsonNode> created = this.api.post("/api/evaluations", Map.of("runs", List.of(original.id()),
				"target", Map.of("process", PROCESS), "judge", Map.of("criteria", "Shorter is better.")));

		assertThat(created.getStatusCode().value()).isEqualTo(201);
		String id = created.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		JsonNode evaluation = this.api.get("/api/evaluations/" + id).getBody();
		assertThat(evaluation.path("summary").toString())
			.isEqualTo("{\"better\":0,\"same\":0,\"worse\":1,\"failed\":0}");
		JsonNode only = evaluation.path("cases").get(0);
		assertThat(only.path("runId").asText()).isEqualTo(original.id());
		assertThat(only.path("newRunId").asText()).isNotBlank().isNotEqualTo(original.id());
		assertThat(only.path("liveFrom").path("activityId").asText()).isEqualTo("Task_Write");
		assertThat(only.path("liveFrom").path("actualPrompt").asText()).startsWith("Write a short article");
		assertThat(only.path("verdict").asText()).isEqualTo("worse");
		assertThat(only.path("reason").asText()).isNotBlank();
		assertThat(only.path("diff").asText()).startsWith("--- original\n+++ new\n@@");
		assertThat(this.api.transcript(only.path("newRunId").asText()))
			.extracting((call) -> call.path("activityId").asText() + " " + call.path("source").asText())
			.containsExactly("Task_Research replay", "Task_Write model");
		assertThat(only.path("originalTokens").asLong()).isPositive();
		assertThat(only.path("newTokens").asLong()).isPositive();
		List<JsonNode> judged = this.api.transcript(id);
		assertThat(judged).singleElement()
			.satisfies((call) -> assertThat(call.path("agent").asText()).isEqualTo("judge"))
			.satisfies((call) -> assertThat(call.path("prompt").asText()).contains("Shorter is better.")
				.contains("Write a short article"));
	}

	@Test
	void theGateOfAnEvaluationWithAWorseCasePassesOnlyAThresholdThatAllowsOne() {
		ApiClient.EndedRun original = this.api.runToCompletion(PROCESS, Map.of("task", "Why reviews matter"));
		this.simulator.choose("verdict", "worse");
		String id = evaluate(Map.of("runs", List.of(original.id()), "target", Map.of("process", PROCESS)));

		ResponseEntity<JsonNode> strict = this.api.get("/api/evaluations/" + id + "/gate");
		ResponseEntity<JsonNode> lenient = this.api.get("/api/evaluations/" + id + "/gate?threshold=1");

		assertThat(strict.getStatusCode().value()).isEqualTo(409);
		assertThat(strict.getBody().path("reason").asText())
			.isEqualTo("1 case(s) came out worse, more than the threshold 0.");
		assertThat(lenient.getStatusCode().value()).isEqualTo(200);
		assertThat(lenient.getBody().path("passed").asBoolean()).isTrue();
	}

	@Test
	void aDatasetCaseWithoutARecordingRunsFreshAndIsJudgedAgainstWhatItExpects() {
		this.simulator.choose("verdict", "better");

		String id = evaluate(Map.of("dataset", EvaluationDataset.DATASET, "target", Map.of("process", PROCESS)));

		JsonNode only = this.api.get("/api/evaluations/" + id).getBody().path("cases").get(0);
		assertThat(only.path("datasetCase").asText()).isEqualTo("refund-1");
		assertThat(only.has("runId")).isFalse();
		assertThat(only.has("liveFrom")).isFalse();
		assertThat(only.path("verdict").asText()).isEqualTo("better");
		assertThat(only.path("originalOutcome").asText()).isEqualTo("Names the form a refund is asked with");
		assertThat(this.api.run(only.path("newRunId").asText()).path("status").asText()).isEqualTo("COMPLETED");
	}

	@Test
	void aCaseWhoseRunCannotCompleteCountsAsFailedAndTheGateRefusesIt() {
		ApiClient.EndedRun original = this.api.runToCompletion(PROCESS, Map.of("task", "Why logs matter"));
		// The new version asks for a variable no run has: its second step cannot be
		// asked.
		deploy("Write an article from these notes:\n${notesThatNobodyTook}");

		String id = evaluate(Map.of("runs", List.of(original.id()), "target", Map.of("process", PROCESS)));

		JsonNode evaluation = this.api.get("/api/evaluations/" + id).getBody();
		assertThat(evaluation.path("summary").path("failed").asInt()).isEqualTo(1);
		assertThat(evaluation.path("cases").get(0).path("error").asText()).contains("Task_Write");
		assertThat(this.api.get("/api/evaluations/" + id + "/gate?threshold=5").getStatusCode().value()).isEqualTo(409);
		assertThat(this.api.transcript(id)).as("no judge is asked about a failed case").isEmpty();
	}

	@Test
	void aGatedVersionWhoseCaseComesOutWorseStaysSuspendedAndRunsKeepThePreviousVersion() {
		this.simulator.choose("verdict", "worse");

		ResponseEntity<JsonNode> gated = deployGated(CHANGED_PROMPT,
				"evaluate=" + EvaluationDataset.DATASET + "&threshold=0");

		assertThat(gated.getStatusCode().value()).as("%s", gated.getBody()).isEqualTo(201);
		assertThat(gated.getBody().path("suspended").asBoolean()).isTrue();
		String evaluation = gated.getBody().path("evaluation").asText();
		JsonNode ended = this.api.awaitEnd(evaluation);
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(ended.path("output").path("gate").asText()).startsWith("failed");
		assertThat(suspended(gated.getBody())).isTrue();
		ApiClient.EndedRun later = this.api.runToCompletion(PROCESS, Map.of("task", "Why naming matters"));
		assertThat(later.view().path("processVersion").asInt()).isEqualTo(gated.getBody().path("version").asInt() - 1);
	}

	@Test
	void aGatedVersionWhoseCasesPassIsActivatedAndNewRunsUseIt() {
		this.simulator.choose("verdict", "same");

		ResponseEntity<JsonNode> gated = deployGated(CHANGED_PROMPT,
				"evaluate=" + EvaluationDataset.DATASET + "&threshold=0");

		String evaluation = gated.getBody().path("evaluation").asText();
		assertThat(this.api.awaitEnd(evaluation).path("output").path("gate").asText()).startsWith("passed");
		assertThat(suspended(gated.getBody())).isFalse();
		assertThat(this.api.get("/api/evaluations/" + evaluation + "/gate").getStatusCode().value()).isEqualTo(200);
		ApiClient.EndedRun later = this.api.runToCompletion(PROCESS, Map.of("task", "Why naming matters"));
		assertThat(later.view().path("processVersion").asInt()).isEqualTo(gated.getBody().path("version").asInt());
	}

	@Test
	void aGatedDeploymentOfAnUnknownDatasetIsRefusedAndDeploysNothing() {
		int versions = this.api.get("/engine-rest/process-definition?key=" + PROCESS).getBody().size();

		ResponseEntity<JsonNode> refused = deployGated(CHANGED_PROMPT, "evaluate=no-such-dataset");
		ResponseEntity<JsonNode> unnamed = deployGated(CHANGED_PROMPT, "threshold=0");

		assertThat(refused.getStatusCode().value()).isEqualTo(404);
		assertThat(unnamed.getStatusCode().value()).isEqualTo(400);
		assertThat(unnamed.getBody().path("field").asText()).isEqualTo("evaluate");
		assertThat(this.api.get("/engine-rest/process-definition?key=" + PROCESS).getBody().size()).isEqualTo(versions);
	}

	/** Starts an evaluation, waits for it to complete and answers its id. */
	private String evaluate(Map<String, Object> request) {
		ResponseEntity<JsonNode> created = this.api.post("/api/evaluations", request);
		assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
		String id = created.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		return id;
	}

	private void deploy(String secondPrompt) {
		assertThat(this.api.deploy(PROCESS, model(secondPrompt)).getStatusCode().value()).isEqualTo(200);
	}

	/** Deploys a version held back by a gate; answers the response. */
	private ResponseEntity<JsonNode> deployGated(String secondPrompt, String query) {
		return this.api.deployTo("/api/deployments?" + query, PROCESS, model(secondPrompt));
	}

	private static Map<String, String> model(String secondPrompt) {
		return Map.of(PROCESS + ".bpmn",
				AgentTaskChains.xml(PROCESS, Step.of("Task_Research", "researcher", "Research: ${task}", "notes"),
						Step.of("Task_Write", "writer", secondPrompt, "result")));
	}

	private boolean suspended(JsonNode gated) {
		return this.api.get("/engine-rest/process-definition/" + gated.path("processDefinitionId").asText())
			.getBody()
			.path("suspended")
			.asBoolean();
	}

}
