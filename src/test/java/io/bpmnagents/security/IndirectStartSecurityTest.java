package io.bpmnagents.security;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.contract.ProcessTools;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.CallActivityBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run starts only what the person who started it may start: not through a route
 * ({@code process:<id>}), a call activity whose process an expression picks, or a process
 * offered as a tool; and the product's own callees (the approval, the deadline) are
 * started by the patterns only, never by a person directly. A process offered as a tool
 * takes only the inputs its contract names.
 */
class IndirectStartSecurityTest extends EndToEndApiTest {

	@Autowired
	HistoryService history;

	@Autowired
	RepositoryService repository;

	@Autowired
	ProcessTools processTools;

	@Test
	void aPersonAllowedOnlyTheRouterCannotRouteToTheApprovalOrAnotherProcess() {
		Person ada = allowedToStart("routing");
		long runsBefore = runCount();

		for (String target : List.of("result-approval", "sequential-pipeline")) {
			Map<String, Object> input = Map.of("task", "Route me", "routes", "only=process:" + target, "fallback",
					"only");
			ResponseEntity<JsonNode> overApi = ada.post("/api/runs", Map.of("process", "routing", "input", input));
			ResponseEntity<JsonNode> overEngineRest = ada.post("/engine-rest/process-definition/key/routing/start",
					Map.of("variables", Map.of("task", Map.of("value", "Route me"), "routes",
							Map.of("value", "only=process:" + target), "fallback", Map.of("value", "only"))));

			assertThat(overApi.getStatusCode().value()).as(target).isEqualTo(403);
			assertThat(overApi.getBody().path("detail").asText()).contains("'" + target + "'", "a route");
			assertThat(overEngineRest.getStatusCode().value()).as(target).isEqualTo(403);
			assertThat(overEngineRest.getBody().path("message").asText()).contains("'" + target + "'");
		}
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void aRouteToAProcessThePersonMayStartRuns() {
		Person ada = allowedToStart("routing", "sequential-pipeline");

		ResponseEntity<JsonNode> started = ada.post("/api/runs", Map.of("process", "routing", "input", Map.of("task",
				"Route me", "routes", "only=process:sequential-pipeline", "fallback", "only", "classifier", "writer")));

		assertThat(started.getStatusCode().value()).isEqualTo(201);
		JsonNode ended = this.api.awaitEnd(started.getBody().path("id").asText());
		assertThat(ended.path("status").asText()).isEqualTo("COMPLETED");
	}

	@Test
	void nobodyButAnAdministratorStartsTheApprovalOrTheDeadlineDirectly() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		long runsBefore = runCount();

		for (String callee : List.of("result-approval", "run-deadline", "quota-request", "evaluation")) {
			ResponseEntity<JsonNode> overApi = operator.post("/api/runs",
					Map.of("process", callee, "input", Map.of("task", "t", "result", "r", "requireApproval", true)));
			ResponseEntity<JsonNode> overEngineRest = operator
				.post("/engine-rest/process-definition/key/" + callee + "/start", Map.of());

			assertThat(overApi.getStatusCode().value()).as(callee).isEqualTo(403);
			assertThat(overApi.getBody().path("detail").asText()).contains("may not start '" + callee + "'");
			assertThat(overEngineRest.getStatusCode().value()).as(callee).isEqualTo(403);
		}
		// Nor through a route, though operators may start every process.
		ResponseEntity<JsonNode> routed = operator.post("/api/runs", Map.of("process", "routing", "input",
				Map.of("task", "t", "routes", "only=process:result-approval", "fallback", "only")));
		assertThat(routed.getStatusCode().value()).isEqualTo(403);
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void noProcessCallsAQuotaRequestOrAnEvaluationThatTheAppAloneStarts() {
		String key = "calls-the-app-" + System.nanoTime();
		this.repository.createDeployment().addString(key + ".bpmn", pickingProcess(key, false)).deploy();
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		long runsBefore = runCount();

		for (String callee : List.of("quota-request", "evaluation")) {
			ResponseEntity<JsonNode> started = operator.post("/api/runs",
					Map.of("process", key, "input", Map.of("target", callee, "task", "t")));

			assertThat(started.getStatusCode().value()).as("%s", started.getBody()).isEqualTo(403);
			assertThat(started.getBody().path("detail").asText()).contains("'" + callee + "'", "call activity");
		}
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void theOwnersGrantsAreCheckedWhenACallActivityStartsItsProcessInTheBackground() {
		String key = "picks-a-process-" + System.nanoTime();
		this.repository.createDeployment().addString(key + ".bpmn", pickingProcess(key, true)).deploy();
		Person ada = allowedToStart(key);

		ResponseEntity<JsonNode> started = ada.post("/api/runs",
				Map.of("process", key, "input", Map.of("target", "sequential-pipeline", "task", "t")));

		assertThat(started.getStatusCode().value()).isEqualTo(201);
		String id = started.getBody().path("id").asText();
		JsonNode incident = this.api.awaitIncident(id);
		assertThat(incident.path("incidents").toString()).contains("'" + ada.id() + "'",
				"may not start process 'sequential-pipeline'");
		assertThat(this.history.createHistoricProcessInstanceQuery().superProcessInstanceId(id).count()).isZero();
	}

	@Test
	void theOwnersGrantsAreCheckedWhenACallActivityStartsItsProcessWithinTheStart() {
		String key = "picks-at-once-" + System.nanoTime();
		this.repository.createDeployment().addString(key + ".bpmn", pickingProcess(key, false)).deploy();
		Person ada = allowedToStart(key);
		long runsBefore = runCount();

		ResponseEntity<JsonNode> started = ada.post("/api/runs",
				Map.of("process", key, "input", Map.of("target", "result-approval", "task", "t")));

		assertThat(started.getStatusCode().value()).isEqualTo(403);
		assertThat(started.getBody().path("detail").asText()).contains("'result-approval'");
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void aProcessOfferedAsAToolIsTheOwnersToStartAndNeverTheApproval() {
		String offersAPipeline = "offers-a-pipeline-" + System.nanoTime();
		String offersTheApproval = "offers-the-approval-" + System.nanoTime();
		this.repository.createDeployment()
			.addString(offersAPipeline + ".bpmn", offeringProcess(offersAPipeline, "sequential-pipeline"))
			.addString(offersTheApproval + ".bpmn", offeringProcess(offersTheApproval, "result-approval"))
			.deploy();
		Person ada = allowedToStart(offersAPipeline);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		long runsBefore = runCount();

		ResponseEntity<JsonNode> pipeline = ada.post("/api/runs",
				Map.of("process", offersAPipeline, "input", Map.of("task", "t")));
		ResponseEntity<JsonNode> approval = operator.post("/api/runs",
				Map.of("process", offersTheApproval, "input", Map.of("task", "t")));

		assertThat(pipeline.getStatusCode().value()).isEqualTo(403);
		assertThat(pipeline.getBody().path("detail").asText()).contains("'sequential-pipeline'", "a tool");
		assertThat(approval.getStatusCode().value()).isEqualTo(403);
		assertThat(approval.getBody().path("detail").asText()).contains("'result-approval'", "a tool");
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@Test
	void aProcessIsNoToolUnlessItDeclaresItsInputsAndTakesOnlyThose() {
		String key = "no-contract-" + System.nanoTime();
		this.repository.createDeployment().addString(key + ".bpmn", People.emptyProcess(key)).deploy();

		assertThatThrownBy(() -> this.processTools.specification(key)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("declares no inputs");
		assertThat(this.processTools.refusal(key, "{\"requireApproval\": false}")).get()
			.asString()
			.contains("declares no inputs");
		assertThat(this.processTools.refusal("person-answers", "{\"question\": \"q\", \"requireApproval\": false}"))
			.get()
			.asString()
			.contains("requireApproval");
		assertThat(this.processTools.refusal("person-answers", "{\"question\": \"q\"}")).isEmpty();
	}

	private Person allowedToStart(String... keys) {
		Person person = this.people.inGroups();
		for (String key : keys) {
			this.people.grant(person, Resources.PROCESS_DEFINITION, key, ProcessDefinitionPermissions.READ,
					ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
		}
		this.people.grant(person, Resources.PROCESS_INSTANCE, Authorization.ANY, ProcessInstancePermissions.CREATE);
		return person;
	}

	private long runCount() {
		return this.history.createHistoricProcessInstanceQuery().count();
	}

	/** A process whose agent task offers a process as a tool. */
	private static String offeringProcess(String key, String tool) {
		return AgentTaskChains.xml(key,
				AgentTaskChains.Step.of("Task_Ask", "writer", "${task}", "result").with("toolProcesses", tool));
	}

	/**
	 * A process whose call activity starts the process named by its input 'target', in a
	 * job of its own or at once.
	 */
	private static String pickingProcess(String key, boolean async) {
		CallActivityBuilder pick = Bpmn.createExecutableProcess(key)
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_1")
			.callActivity("CallActivity_Pick")
			.calledElement("${target}")
			.camundaIn("task", "task");
		if (async) {
			pick.camundaAsyncBefore();
		}
		return Bpmn.convertToString(pick.endEvent("EndEvent_1").done());
	}

}
