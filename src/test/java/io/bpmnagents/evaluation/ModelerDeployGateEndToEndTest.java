package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda Modeler's "Deploy" ({@code /engine-rest/deployment/create}) is gated like
 * {@code POST /api/deployments?evaluate=} when the process names a dataset in its
 * property {@code evaluate}: the new version is held back (suspended) and activated only
 * when its evaluation passes, the answer says so, and only an administrator activates a
 * held-back version by hand. A model without the property deploys as before.
 */
// The same context as EvaluationEndToEndTest: its own database and engine name.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:evaluation-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=evaluationEndToEndTests", "bpmn-agents.evaluation.poll=100ms" })
class ModelerDeployGateEndToEndTest extends EndToEndApiTest {

	static final String PROCESS = "modeler-gated-article";

	@BeforeEach
	void givenTheDatasetAndAFirstVersion() {
		EvaluationDataset.givenTheDataset(this.api);
		assertThat(
				this.api.deploy(PROCESS, Map.of(PROCESS + ".bpmn", model(PROCESS, Map.of()))).getStatusCode().value())
			.isEqualTo(200);
	}

	@Test
	void aVersionWhoseModelNamesADatasetIsHeldBackAndActivatedWhenItsEvaluationPasses() {
		this.simulator.choose("verdict", "same");

		ResponseEntity<JsonNode> deployed = deployGated(EvaluationDataset.DATASET, "0");

		assertThat(deployed.getStatusCode().value()).as("%s", deployed.getBody()).isEqualTo(200);
		JsonNode gate = deployed.getBody().path("gate");
		assertThat(gate.path("suspended").asBoolean()).as("%s", deployed.getBody()).isTrue();
		assertThat(gate.path("threshold").asInt()).isZero();
		String definition = gate.path("processDefinitionId").asText();
		assertThat(deployed.getBody().path("deployedProcessDefinitions").path(definition).path("suspended").asBoolean())
			.isTrue();
		JsonNode ended = this.api.awaitEnd(gate.path("evaluation").asText());
		assertThat(ended.path("output").path("gate").asText()).startsWith("passed");
		assertThat(suspended(definition)).isFalse();
	}

	@Test
	void aHeldBackVersionWhoseEvaluationFailsStaysSuspendedAndOnlyAnAdministratorActivatesIt() {
		this.simulator.choose("verdict", "worse");
		JsonNode gate = deployGated(EvaluationDataset.DATASET, "0").getBody().path("gate");
		String definition = gate.path("processDefinitionId").asText();
		assertThat(this.api.awaitEnd(gate.path("evaluation").asText()).path("output").path("gate").asText())
			.startsWith("failed");
		People.Person granted = this.people.inGroups("modellers");
		this.people.grant(granted, Resources.PROCESS_DEFINITION, PROCESS, ProcessDefinitionPermissions.READ,
				ProcessDefinitionPermissions.SUSPEND, ProcessDefinitionPermissions.UPDATE);

		ResponseEntity<JsonNode> byId = granted.put("/engine-rest/process-definition/" + definition + "/suspended",
				Map.of("suspended", false));
		ResponseEntity<JsonNode> byKey = granted.put("/engine-rest/process-definition/key/" + PROCESS + "/suspended",
				Map.of("suspended", false));

		assertThat(byId.getStatusCode().value()).isEqualTo(403);
		assertThat(byId.getBody().path("message").asText()).contains("a gate holds it back");
		assertThat(byKey.getStatusCode().value()).isEqualTo(403);
		assertThat(suspended(definition)).isTrue();
		assertThat(this.api.http()
			.put()
			.uri("/engine-rest/process-definition/" + definition + "/suspended")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("suspended", false))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(204);
		assertThat(suspended(definition)).isFalse();
	}

	@Test
	void aModelWithoutAGateDeploysActiveAsBefore() {
		ResponseEntity<JsonNode> deployed = this.api.deploy(PROCESS,
				Map.of(PROCESS + ".bpmn", model(PROCESS, Map.of("outputs", "result"))));

		assertThat(deployed.getStatusCode().value()).isEqualTo(200);
		assertThat(deployed.getBody().has("gate")).isFalse();
		assertThat(
				deployed.getBody().path("deployedProcessDefinitions").elements().next().path("suspended").asBoolean())
			.isFalse();
	}

	@Test
	void anUnknownDatasetOrAWrongThresholdIsRefusedAndDeploysNothing() {
		int versions = versions(PROCESS);

		ResponseEntity<JsonNode> unknown = deployGated("no-such-dataset", "0");
		ResponseEntity<JsonNode> negative = deployGated(EvaluationDataset.DATASET, "-1");

		assertThat(unknown.getStatusCode().value()).isEqualTo(404);
		assertThat(unknown.getBody().path("message").asText()).contains("no-such-dataset");
		assertThat(negative.getStatusCode().value()).isEqualTo(400);
		assertThat(negative.getBody().path("message").asText()).contains("evaluationThreshold");
		assertThat(versions(PROCESS)).isEqualTo(versions);
	}

	@Test
	void aModellerWhoMayNotStartEvaluationsCannotDeployAGatedModel() {
		People.Person modeller = this.people.inGroups("modellers");
		String own = "modellers-gated-note";

		ResponseEntity<JsonNode> refused = modeller.deploy(own + ".bpmn",
				model(own, Map.of(DeploymentGates.EVALUATE, EvaluationDataset.DATASET)));

		assertThat(refused.getStatusCode().value()).isEqualTo(403);
		assertThat(versions(own)).isZero();
	}

	@Test
	void theDeployerCannotReleaseTheirHeldBackVersionWithAnEvaluationOfTheirOwnMaking() {
		People.Person deployer = this.people.inGroups("modellers", "operators");
		String own = "self-released-note";
		assertThat(deployer.deploy(own + ".bpmn", model(own, Map.of())).getStatusCode().value()).isEqualTo(200);
		this.simulator.choose("verdict", "worse");
		JsonNode gate = deployer
			.deploy(own + ".bpmn", model(own, Map.of(DeploymentGates.EVALUATE, EvaluationDataset.DATASET)))
			.getBody()
			.path("gate");
		String definition = gate.path("processDefinitionId").asText();
		String failed = gate.path("evaluation").asText();
		assertThat(this.api.awaitEnd(failed).path("output").path("gate").asText()).startsWith("failed");
		Map<String, Object> passingNothing = Map.of(CaseVariables.GATE_THRESHOLD, 99, CaseVariables.CASES, List.of(),
				CaseVariables.LANES, List.of(), CaseVariables.CASE_COUNT, 0, CaseVariables.TARGET, definition,
				CaseVariables.JUDGE_AGENT, "judge", CaseVariables.CRITERIA, "any", CaseVariables.AGENTS, Map.of());

		ResponseEntity<JsonNode> overApi = deployer.post("/api/runs",
				Map.of("process", Evaluations.PROCESS, "input", passingNothing));
		ResponseEntity<JsonNode> overEngineRest = deployer.post(
				"/engine-rest/process-definition/key/" + Evaluations.PROCESS + "/start",
				Map.of("variables", Map.of(CaseVariables.GATE_THRESHOLD, Map.of("value", 99), CaseVariables.TARGET,
						Map.of("value", definition), CaseVariables.CASE_COUNT, Map.of("value", 0))));
		String caller = "evaluation-caller";
		assertThat(deployer.deploy(caller + ".bpmn",
				Bpmn.convertToString(Bpmn.createExecutableProcess(caller)
					.camundaHistoryTimeToLive(1)
					.startEvent("StartEvent_1")
					.callActivity("CallActivity_Evaluate")
					.calledElement(Evaluations.PROCESS)
					.camundaIn(CaseVariables.GATE_THRESHOLD, CaseVariables.GATE_THRESHOLD)
					.endEvent("EndEvent_1")
					.done()))
			.getStatusCode()
			.value()).isEqualTo(200);
		ResponseEntity<JsonNode> throughACallActivity = deployer.post("/api/runs",
				Map.of("process", caller, "input", passingNothing));
		ResponseEntity<JsonNode> replayedWithAnotherJudge = deployer.post("/api/runs/" + failed + "/replay",
				Map.of("goLive", true, "agents", Map.of("judge", Map.of("systemPrompt", "Say better."))));

		assertThat(overApi.getStatusCode().value()).as("%s", overApi.getBody()).isEqualTo(403);
		assertThat(overApi.getBody().path("detail").asText()).contains("POST /api/evaluations");
		assertThat(overEngineRest.getStatusCode().value()).as("%s", overEngineRest.getBody()).isEqualTo(403);
		assertThat(throughACallActivity.getStatusCode().value()).as("%s", throughACallActivity.getBody())
			.isEqualTo(403);
		assertThat(replayedWithAnotherJudge.getStatusCode().value()).as("%s", replayedWithAnotherJudge.getBody())
			.isEqualTo(403);
		assertThat(suspended(definition)).isTrue();
	}

	private ResponseEntity<JsonNode> deployGated(String dataset, String threshold) {
		return this.api.deploy(PROCESS, Map.of(PROCESS + ".bpmn",
				model(PROCESS, Map.of(DeploymentGates.EVALUATE, dataset, DeploymentGates.THRESHOLD, threshold))));
	}

	/** The article process (a changed writer's prompt) with these process properties. */
	private static String model(String key, Map<String, String> processProperties) {
		return AgentTaskChains.withProcessProperties(
				AgentTaskChains.model(key, Step.of("Task_Research", "researcher", "Research: ${task}", "notes"),
						Step.of("Task_Write", "writer", EvaluationEndToEndTest.CHANGED_PROMPT, "result")),
				key, processProperties);
	}

	private int versions(String key) {
		return this.api.get("/engine-rest/process-definition?key=" + key).getBody().size();
	}

	private boolean suspended(String definition) {
		return this.api.get("/engine-rest/process-definition/" + definition).getBody().path("suspended").asBoolean();
	}

}
