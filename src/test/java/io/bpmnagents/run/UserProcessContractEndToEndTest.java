package io.bpmnagents.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process a user draws in the Modeler and deploys through /engine-rest is first-class:
 * its own start form is its contract (defaults applied, wrong input refused with 400 by
 * /api/runs and by the engine's REST API alike), and without a form it runs with its
 * input as given, where whatever the engine refuses at start is a 400 naming the variable
 * and the element, never a 500.
 */
class UserProcessContractEndToEndTest extends EndToEndApiTest {

	/** processes/sequential-pipeline.bpmn under a new id, as a user copies it. */
	private static String copyOfPipeline(String id, boolean withForm) throws Exception {
		String xml = Files.readString(Path.of("processes/sequential-pipeline.bpmn"));
		xml = xml.replace("id=\"sequential-pipeline\"", "id=\"" + id + "\"")
			.replace("bpmnElement=\"sequential-pipeline\"", "bpmnElement=\"" + id + "\"");
		if (withForm) {
			return xml.replace("camunda:formRef=\"sequential-pipeline-start\"", "camunda:formRef=\"" + id + "-start\"");
		}
		return xml.replaceAll(" camunda:formRef=\"[^\"]*\" camunda:formRefBinding=\"deployment\"", "");
	}

	private static String formFor(String id) throws Exception {
		// The user's own form: a single agent by default and at most 2 stages.
		return Files.readString(Path.of("processes/sequential-pipeline.form"))
			.replace("\"sequential-pipeline-start\"", "\"" + id + "-start\"")
			.replace("\"defaultValue\": [\n        \"researcher\",\n        \"writer\",\n        \"editor\"\n      ]",
					"\"defaultValue\": [\n        \"writer\"\n      ]");
	}

	private void deploy(String name, Map<String, String> files) {
		ResponseEntity<JsonNode> deployed = this.api.deploy(name, files);
		assertThat(deployed.getStatusCode().value()).as("deployment %s", deployed.getBody()).isEqualTo(200);
	}

	private ResponseEntity<JsonNode> start(String process, Map<String, Object> input) {
		return this.api.post("/api/runs", Map.of("process", process, "input", input));
	}

	@Test
	void givenAUserProcessWithItsOwnFormWhenStartedThenItsDefaultsApplyAndWrongInputIsRefused() throws Exception {
		deploy("my-pipeline", Map.of("my-pipeline.bpmn", copyOfPipeline("my-pipeline", true), "my-pipeline.form",
				formFor("my-pipeline")));

		EndedRun run = this.api.runToCompletion("my-pipeline", Map.of("task", "Write a limerick"));
		assertThat(run.calls()).extracting((call) -> call.path("agent").asText()).containsExactly("writer");
		assertThat(run.output().has("result")).isTrue();

		ResponseEntity<JsonNode> wrongType = start("my-pipeline", Map.of("task", "t", "agents", "writer"));
		assertThat(wrongType.getStatusCode().value()).isEqualTo(400);
		assertThat(wrongType.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(wrongType.getBody().path("field").asText()).isEqualTo("agents");
		assertThat(wrongType.getBody().path("detail").asText()).contains("must be a list of agent names");

		ResponseEntity<JsonNode> unknownField = start("my-pipeline", Map.of("task", "t", "agentz", List.of("writer")));
		assertThat(unknownField.getStatusCode().value()).isEqualTo(400);
		assertThat(unknownField.getBody().path("field").asText()).isEqualTo("agentz");
	}

	@Test
	void givenAUserProcessWithAFormWhenStartedOverEngineRestThenTheEngineAppliesTheSameContract() throws Exception {
		deploy("rest-pipeline", Map.of("rest-pipeline.bpmn", copyOfPipeline("rest-pipeline", true),
				"rest-pipeline.form", formFor("rest-pipeline")));

		ResponseEntity<JsonNode> refused = this.api.post("/engine-rest/process-definition/key/rest-pipeline/start",
				Map.of("variables",
						Map.of("task", Map.of("value", "t"), "agents", Map.of("value", "[\"poet\"]", "type", "Json"))));
		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText()).contains("Unknown agent 'poet'", "writer");

		// Tasklist's form submits a taglist as a Json variable; the engine turns it into
		// the list the process iterates.
		ResponseEntity<JsonNode> started = this.api.post(
				"/engine-rest/process-definition/key/rest-pipeline/submit-form",
				Map.of("variables",
						Map.of("task", Map.of("value", "Write a haiku"), "agents",
								Map.of("value", "[\"researcher\",\"writer\"]", "type", "Json"), "requireApproval",
								Map.of("value", false))));
		assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
		String id = started.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(id)).extracting((call) -> call.path("agent").asText())
			.containsExactly("researcher", "writer");
	}

	@Test
	void givenAFormDeployedOnItsOwnBeforeTheDiagramThenItsLatestVersionIsTheContract() throws Exception {
		deploy("solo-form", Map.of("solo-pipeline.form", formFor("solo-pipeline")));
		deploy("solo-pipeline", Map.of("solo-pipeline.bpmn", copyOfPipeline("solo-pipeline", true)
			.replace("camunda:formRefBinding=\"deployment\"", "camunda:formRefBinding=\"latest\"")));

		String id = this.api.start("solo-pipeline", Map.of("task", "Write a limerick"));
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(id)).extracting((call) -> call.path("agent").asText()).containsExactly("writer");
		assertThat(start("solo-pipeline", Map.of("task", "t", "maxTurns", 3)).getStatusCode().value()).isEqualTo(400);
	}

	@Test
	void givenATaskLongerThanAStringVariableWhenTasklistSubmitsItAsTextThenTheRunKeepsItWhole() {
		String task = "Summarize this: " + "word ".repeat(20_000);

		ResponseEntity<JsonNode> started = this.api
			.post("/engine-rest/process-definition/key/sequential-pipeline/submit-form", Map.of("variables",
					Map.of("task", Map.of("value", task), "agents", Map.of("value", "[\"writer\"]", "type", "Json"))));

		assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(200);
		String id = started.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.transcript(id).get(0).path("prompt").asText()).isEqualTo(task);
	}

	@Test
	void givenAUserProcessWithoutAContractWhenAVariableItNeedsIsMissingThenA400NamesTheVariableAndTheElement()
			throws Exception {
		deploy("bare-pipeline", Map.of("bare-pipeline.bpmn", copyOfPipeline("bare-pipeline", false)));

		ResponseEntity<JsonNode> missing = start("bare-pipeline", Map.of("task", "Write a limerick"));
		assertThat(missing.getStatusCode().value()).isEqualTo(400);
		assertThat(missing.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(missing.getBody().path("field").asText()).isEqualTo("agents");
		assertThat(missing.getBody().path("element").asText()).isEqualTo("Task_Stage");
		assertThat(missing.getBody().path("detail").asText()).contains("agents", "Task_Stage");

		ResponseEntity<JsonNode> notAList = start("bare-pipeline", Map.of("task", "t", "agents", "writer"));
		assertThat(notAList.getStatusCode().value()).isEqualTo(400);
		assertThat(notAList.getBody().path("detail").asText()).contains("agents");

		ResponseEntity<JsonNode> overEngineRest = this.api.post(
				"/engine-rest/process-definition/key/bare-pipeline/start",
				Map.of("variables", Map.of("task", Map.of("value", "t"))));
		assertThat(overEngineRest.getStatusCode().value()).isEqualTo(400);
		assertThat(overEngineRest.getBody().path("message").asText()).contains("agents");

		String id = this.api.start("bare-pipeline", Map.of("task", "Write a limerick", "agents", List.of("editor")));
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
	}

}
