package io.bpmnagents.evaluation;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An evaluation that ends stops the case runs it started that still run: stopped through
 * the API by the person who started it, or cancelled through Camunda's REST API (what
 * Cockpit's cancel calls) by an administrator. Its cases show as stopped, not failed.
 * Whoever may not stop the evaluation cannot stop its case runs through it.
 */
// The same context as EvaluationEndToEndTest: its own database and engine name.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:evaluation-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=evaluationEndToEndTests", "bpmn-agents.evaluation.poll=100ms" })
class EvaluationStopEndToEndTest extends EndToEndApiTest {

	/** A target whose runs wait for a person: a case run that runs until stopped. */
	static final String WAITING = "evaluated-wait";

	People.Person evaluator;

	@BeforeEach
	void givenATargetWhoseRunsWait() {
		EvaluationDataset.givenTheDataset(this.api);
		assertThat(this.api.deploy(WAITING, Map.of(WAITING + ".bpmn", People.waitingProcess(WAITING)))
			.getStatusCode()
			.value()).isEqualTo(200);
		// Datasets are for operators.
		this.evaluator = this.people.inGroups("operators");
	}

	@Test
	void stoppingAnEvaluationStopsItsRunningCaseRunAndShowsTheCaseStopped() {
		String evaluation = evaluationWithARunningCase();
		String caseRun = caseOf(evaluation).path("newRunId").asText();

		ResponseEntity<JsonNode> stopped = this.evaluator.post("/api/runs/" + evaluation + "/stop", Map.of());

		assertThat(stopped.getStatusCode().value()).as("%s", stopped.getBody()).isEqualTo(200);
		assertThat(stopped.getBody().path("status").asText()).isEqualTo("STOPPED");
		JsonNode run = this.api.run(caseRun);
		assertThat(run.path("status").asText()).isEqualTo("STOPPED");
		assertThat(run.path("endedBy").asText()).isEqualTo("stop");
		assertThat(run.path("endMessage").asText()).contains(evaluation).contains(this.evaluator.id());
		JsonNode view = this.evaluator.get("/api/evaluations/" + evaluation).getBody();
		assertThat(view.path("status").asText()).isEqualTo("STOPPED");
		assertThat(view.path("cases").get(0).path("status").asText()).isEqualTo("stopped");
		assertThat(view.path("summary").path("failed").asInt()).isZero();
	}

	@Test
	void cancellingAnEvaluationInCockpitStopsItsRunningCaseRunEvenWithoutCustomListeners() {
		String evaluation = evaluationWithARunningCase();
		String caseRun = caseOf(evaluation).path("newRunId").asText();

		// Camunda's REST API answers a cancel that met the evaluation's own look at its
		// case run (an optimistic locking conflict) with 500; Cockpit's user cancels
		// again.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.http()
				.delete()
				.uri("/engine-rest/process-instance/" + evaluation + "?skipCustomListeners=true&skipIoMappings=true")
				.retrieve()
				.toBodilessEntity()
				.getStatusCode()
				.value() == 204);

		assertThat(this.api.run(evaluation).path("status").asText()).isEqualTo("STOPPED");
		assertThat(this.api.run(caseRun).path("status").asText()).isEqualTo("STOPPED");
		assertThat(caseOf(evaluation).path("status").asText()).isEqualTo("stopped");
	}

	@Test
	void somebodyWhoMayNotStopTheEvaluationLeavesItAndItsCaseRunRunning() {
		String evaluation = evaluationWithARunningCase();
		String caseRun = caseOf(evaluation).path("newRunId").asText();
		// Neither its starter nor an operator.
		People.Person other = this.people.allowedToStart(Evaluations.PROCESS, WAITING);

		ResponseEntity<JsonNode> refused = other.post("/api/runs/" + evaluation + "/stop", Map.of());

		assertThat(refused.getStatusCode().value()).isIn(403, 404);
		assertThat(this.api.run(evaluation).path("status").asText()).isEqualTo("RUNNING");
		assertThat(this.api.run(caseRun).path("status").asText()).isEqualTo("RUNNING");
		assertThat(caseOf(evaluation).path("status").asText()).isEqualTo("running");
		this.api.post("/api/runs/" + evaluation + "/stop", Map.of());
	}

	/**
	 * The evaluator's evaluation of the dataset against the waiting target, once its one
	 * case run has started.
	 */
	private String evaluationWithARunningCase() {
		ResponseEntity<JsonNode> created = this.evaluator.post("/api/evaluations",
				Map.of("dataset", EvaluationDataset.DATASET, "target", Map.of("process", WAITING)));
		assertThat(created.getStatusCode().value()).as("%s", created.getBody()).isEqualTo(201);
		String id = created.getBody().path("id").asText();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> "running".equals(caseOf(id).path("status").asText()));
		return id;
	}

	private JsonNode caseOf(String evaluation) {
		return this.api.get("/api/evaluations/" + evaluation).getBody().path("cases").path(0);
	}

}
