package io.bpmnagents.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may evaluate what, and what a wrong request is told: a field that is missing or
 * wrong is named (400), a run the person may not see and an unknown process, version or
 * dataset are not found (404), and starting an evaluation takes the grants to start it
 * and its target (403). A case's run starts as the person who asked.
 */
@EndToEndTest
// The same context as EvaluationEndToEndTest: its own database and engine name.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:evaluation-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=evaluationEndToEndTests", "bpmn-agents.evaluation.poll=100ms" })
class EvaluationRefusalsEndToEndTest {

	static final String PROCESS = "evaluated-note";

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	String finishedRun;

	@BeforeEach
	void givenAFinishedRun() {
		EvaluationDataset.givenTheDataset(this.api);
		String model = AgentTaskChains.xml(PROCESS, Step.of("Task_Note", "writer", "Note: ${task}", "result"));
		assertThat(this.api.deploy(PROCESS, Map.of(PROCESS + ".bpmn", model)).getStatusCode().value()).isEqualTo(200);
		this.finishedRun = this.api.runToCompletion(PROCESS, Map.of("task", "Lunch at noon")).id();
	}

	@Test
	void aRequestWithoutATargetProcessIsRefusedNamingTheField() {
		assertRefused(this.api.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun))), 400,
				"target.process");
	}

	@Test
	void aRequestWithTwoSourcesOfCasesIsRefusedNamingRuns() {
		assertRefused(this.api.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun), "dataset",
				EvaluationDataset.DATASET, "target", Map.of("process", PROCESS))), 400, "runs");
	}

	@Test
	void anUnknownJudgeIsRefusedNamingTheField() {
		assertRefused(this.api.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun), "target",
				Map.of("process", PROCESS), "judge", Map.of("agent", "nobody-judges"))), 400, "judge.agent");
	}

	@Test
	void anOverrideOfAnUnknownAgentIsRefusedNamingIt() {
		assertRefused(
				this.api.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun), "target",
						Map.of("process", PROCESS), "agents", Map.of("ghost", Map.of("model", "gpt-4o-mini")))),
				400, "agents.ghost");
	}

	@Test
	void anEmptyRunIdOrAModelNoModelHasIsRefusedNamingTheField() {
		List<String> noId = new ArrayList<>();
		noId.add(null);

		assertRefused(this.api.post("/api/evaluations", Map.of("runs", noId, "target", Map.of("process", PROCESS))),
				400, "runs");
		assertRefused(
				this.api.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun), "target",
						Map.of("process", PROCESS), "agents", Map.of("writer", Map.of("model", "m".repeat(300))))),
				400, "agents.writer");
	}

	@Test
	void unknownRunsProcessesVersionsAndDatasetsAreNotFound() {
		Map<String, Object> target = Map.of("process", PROCESS);
		assertThat(status(Map.of("runs", List.of("no-such-run"), "target", target))).isEqualTo(404);
		assertThat(status(Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", "no-such-process"))))
			.isEqualTo(404);
		assertThat(
				status(Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", PROCESS, "version", 99))))
			.isEqualTo(404);
		assertThat(status(Map.of("dataset", "no-such-dataset", "target", target))).isEqualTo(404);
	}

	@Test
	void aRunThatIsNoEvaluationIsNoEvaluation() {
		assertThat(this.api.get("/api/evaluations/" + this.finishedRun).getStatusCode().value()).isEqualTo(404);
		assertThat(this.api.get("/api/evaluations/" + this.finishedRun + "/gate").getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	void aTargetThePersonMayNotSeeIsNotFound() {
		People.Person person = this.people.allowedToStart(Evaluations.PROCESS);

		assertThat(person
			.post("/api/evaluations", Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", PROCESS)))
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void aModellerMayNotStartEvaluations() {
		People.Person modeller = this.people.inGroups("modellers");

		ResponseEntity<JsonNode> refused = modeller.post("/api/evaluations",
				Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", PROCESS)));

		assertThat(refused.getStatusCode().value()).isEqualTo(403);
		assertThat(refused.getBody().path("detail").asText()).contains("operators");
	}

	@Test
	void aPersonWhoMaySeeButNotStartTheTargetMayNotEvaluateIt() {
		People.Person person = this.people.allowedToStart(Evaluations.PROCESS);
		this.people.grant(person, Resources.PROCESS_DEFINITION, PROCESS, ProcessDefinitionPermissions.READ);

		ResponseEntity<JsonNode> refused = person.post("/api/evaluations",
				Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", PROCESS)));

		assertThat(refused.getStatusCode().value()).isEqualTo(403);
		assertThat(refused.getBody().path("detail").asText()).contains("'" + PROCESS + "'");
	}

	@Test
	void aPersonEvaluatesOnlyRunsTheyMaySeeAndTheCaseRunIsTheirs() {
		People.Person person = this.people.allowedToStart(Evaluations.PROCESS, PROCESS);
		String own = person.start(PROCESS, Map.of("task", "Tea at four"));
		this.api.awaitEnd(own);

		ResponseEntity<JsonNode> othersRun = person.post("/api/evaluations",
				Map.of("runs", List.of(this.finishedRun), "target", Map.of("process", PROCESS)));
		ResponseEntity<JsonNode> ownRun = person.post("/api/evaluations",
				Map.of("runs", List.of(own), "target", Map.of("process", PROCESS)));

		assertThat(othersRun.getStatusCode().value()).isEqualTo(404);
		assertThat(ownRun.getStatusCode().value()).isEqualTo(201);
		String evaluation = ownRun.getBody().path("id").asText();
		this.api.awaitEnd(evaluation);
		String caseRun = person.get("/api/evaluations/" + evaluation)
			.getBody()
			.path("cases")
			.get(0)
			.path("newRunId")
			.asText();
		assertThat(
				this.api.get("/engine-rest/history/process-instance/" + caseRun).getBody().path("startUserId").asText())
			.isEqualTo(person.id());
	}

	private int status(Map<String, Object> request) {
		return this.api.post("/api/evaluations", request).getStatusCode().value();
	}

	private static void assertRefused(ResponseEntity<JsonNode> response, int status, String field) {
		assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(status);
		assertThat(response.getBody().path("field").asText()).isEqualTo(field);
		assertThat(response.getBody().path("detail").asText()).isNotBlank();
	}

}
