package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.WaitingApproval;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only approvers (and administrators) decide an approval, whatever the route: each test
 * sends one way around the approval task as an operator and as a modeller, and checks it
 * was refused and nothing changed; an approver then decides, so the refusals were about
 * who asked.
 */
class ApprovalBypassEndToEndTest extends EndToEndApiTest {

	private static final Map<String, Object> TRUE = Map.of("value", true, "type", "Boolean");

	private static final Map<String, Object> FALSE = Map.of("value", false, "type", "Boolean");

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	RepositoryService repository;

	@ParameterizedTest
	@ValueSource(strings = { AccessGroups.OPERATORS, AccessGroups.MODELLERS })
	void modifyingTheApprovalOrTheRunAroundItIsRefused(String group) {
		WaitingApproval run = aRunWaitingForApproval();
		Person person = this.people.inGroups(group);

		ResponseEntity<JsonNode> pastTheTask = person.post(
				"/engine-rest/process-instance/" + run.approval() + "/modification",
				Map.of("instructions",
						List.of(Map.of("type", "startAfterActivity", "activityId", ResultApproval.APPROVE_TASK,
								"variables", Map.of("approved", TRUE)),
								Map.of("type", "cancel", "activityId", ResultApproval.APPROVE_TASK))));
		ResponseEntity<JsonNode> pastTheCall = person.post(
				"/engine-rest/process-instance/" + run.id() + "/modification",
				Map.of("instructions",
						List.of(Map.of("type", "startBeforeActivity", "activityId", "EndEvent_ResultReady"),
								Map.of("type", "cancel", "activityId", "CallActivity_Approval"))));
		ResponseEntity<JsonNode> asABatch = person.post(
				"/engine-rest/process-instance/" + run.approval() + "/modification-async",
				Map.of("instructions", List.of(Map.of("type", "cancel", "activityId", ResultApproval.APPROVE_TASK))));

		assertThat(List.of(pastTheTask, pastTheCall, asABatch))
			.allSatisfy((response) -> assertThat(response.getStatusCode().value()).isEqualTo(403));
		assertUntouched(run);
		approvedBy(run, this.people.inGroups(AccessGroups.APPROVERS));
	}

	@ParameterizedTest
	@ValueSource(strings = { AccessGroups.OPERATORS, AccessGroups.MODELLERS })
	void settingTheDecisionOrSkippingTheApprovalByVariablesIsRefused(String group) {
		WaitingApproval run = aRunWaitingForApproval();
		Person person = this.people.inGroups(group);
		String execution = this.tasks.createTaskQuery().taskId(run.task()).singleResult().getExecutionId();

		List<ResponseEntity<JsonNode>> attempts = List.of(
				person.put("/engine-rest/process-instance/" + run.approval() + "/variables/approved", TRUE),
				person.post("/engine-rest/process-instance/" + run.approval() + "/variables",
						Map.of("modifications", Map.of("approved", TRUE))),
				person.post("/engine-rest/process-instance/" + run.id() + "/variables",
						Map.of("modifications", Map.of("approved", TRUE))),
				person.put("/engine-rest/execution/" + execution + "/localVariables/approved", TRUE),
				person.post("/engine-rest/execution/" + execution + "/localVariables",
						Map.of("modifications", Map.of("approved", TRUE))),
				person.post("/engine-rest/task/" + run.task() + "/variables",
						Map.of("modifications", Map.of("approved", TRUE))),
				person.put("/engine-rest/task/" + run.task() + "/localVariables/approved", TRUE),
				person.post("/engine-rest/task/" + run.task() + "/complete",
						Map.of("variables", Map.of("approved", TRUE))),
				person.post("/engine-rest/task/" + run.task() + "/submit-form",
						Map.of("variables", Map.of("approved", TRUE))),
				person.post("/engine-rest/task/" + run.task() + "/claim", Map.of("userId", person.id())),
				person.post("/engine-rest/task/" + run.task() + "/assignee", Map.of("userId", person.id())),
				person.post("/engine-rest/task/" + run.task() + "/identity-links",
						Map.of("groupId", group, "type", "candidate")),
				person.post("/api/runs/" + run.id() + "/approval", Map.of("approved", true)));

		// Over /api a modeller does not even see the run (404); an operator sees it
		// (403).
		assertThat(attempts.subList(0, attempts.size() - 1)).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403));
		assertThat(attempts.get(attempts.size() - 1).getStatusCode().value()).isIn(403, 404);
		// requireApproval is taken only when a run starts: refused whoever asks, before
		// any grant is checked.
		ResponseEntity<JsonNode> skipping = person.post("/engine-rest/process-instance/" + run.id() + "/variables",
				Map.of("modifications", Map.of("requireApproval", FALSE, "approved", TRUE)));
		assertThat(skipping.getStatusCode().value()).isEqualTo(400);
		assertThat(skipping.getBody().path("message").asText()).contains("'requireApproval'");
		assertUntouched(run);
		assertThat(this.tasks.getIdentityLinksForTask(run.task()))
			.allSatisfy((link) -> assertThat(link.getGroupId()).isNotEqualTo(group));
		approvedBy(run, this.people.inGroups(AccessGroups.APPROVERS));
	}

	@ParameterizedTest
	@ValueSource(strings = { AccessGroups.OPERATORS, AccessGroups.MODELLERS })
	void migratingOrDeletingTheApprovalIsRefused(String group) {
		WaitingApproval run = aRunWaitingForApproval();
		Person person = this.people.inGroups(group);
		String definition = this.runtime.createProcessInstanceQuery()
			.processInstanceId(run.approval())
			.singleResult()
			.getProcessDefinitionId();
		Map<String, Object> plan = Map.of("sourceProcessDefinitionId", definition, "targetProcessDefinitionId",
				definition, "instructions", List.of(Map.of("sourceActivityIds", List.of(ResultApproval.APPROVE_TASK),
						"targetActivityIds", List.of(ResultApproval.APPROVE_TASK))));
		String deployment = this.repository.getProcessDefinition(definition).getDeploymentId();

		List<ResponseEntity<JsonNode>> attempts = List.of(
				person.post("/engine-rest/migration/execute",
						Map.of("migrationPlan", plan, "processInstanceIds", List.of(run.approval()))),
				person.post("/engine-rest/migration/executeAsync",
						Map.of("migrationPlan", plan, "processInstanceIds", List.of(run.approval()))),
				person.delete("/engine-rest/process-instance/" + run.approval()),
				person.delete("/engine-rest/process-instance/" + run.id()),
				person.post("/engine-rest/process-instance/delete",
						Map.of("processInstanceIds", List.of(run.approval(), run.id()))),
				person.delete("/engine-rest/deployment/" + deployment + "?cascade=true"), person
					.put("/engine-rest/process-instance/" + run.approval() + "/suspended", Map.of("suspended", true)));

		assertThat(attempts).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403));
		assertUntouched(run);
		assertThat(this.repository.createDeploymentQuery().deploymentId(deployment).count()).isOne();
		approvedBy(run, this.people.inGroups(AccessGroups.APPROVERS));
	}

	@Test
	void onlyAdministratorsDeployANewVersionOfTheApprovalOrOfAShippedProcess() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		long approvalVersions = versions(ResultApproval.KEY);
		long pipelineVersions = versions("sequential-pipeline");
		String shipped = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(ResultApproval.KEY)
			.latestVersion()
			.singleResult()
			.getDeploymentId();

		ResponseEntity<JsonNode> approval = modeller.deploy("approval.bpmn", People.emptyProcess(ResultApproval.KEY));
		ResponseEntity<JsonNode> redeployed = modeller.post("/engine-rest/deployment/" + shipped + "/redeploy",
				Map.of());
		ResponseEntity<JsonNode> pipeline = modeller.deploy("pipeline.bpmn",
				People.emptyProcess("sequential-pipeline"));
		ResponseEntity<JsonNode> ownProcess = modeller.deploy("own.bpmn",
				People.emptyProcess("own-" + System.nanoTime()));

		assertThat(approval.getStatusCode().value()).isEqualTo(403);
		assertThat(approval.getBody().path("message").asText()).contains("may not deploy process 'result-approval'");
		assertThat(redeployed.getStatusCode().value()).isEqualTo(403);
		assertThat(pipeline.getStatusCode().value()).isEqualTo(403);
		assertThat(versions(ResultApproval.KEY)).isEqualTo(approvalVersions);
		assertThat(versions("sequential-pipeline")).isEqualTo(pipelineVersions);
		assertThat(ownProcess.getStatusCode().value()).isEqualTo(200);

		ResponseEntity<JsonNode> byAnAdministrator = this.api.post("/engine-rest/deployment/" + shipped + "/redeploy",
				Map.of());
		assertThat(byAnAdministrator.getStatusCode().value()).isEqualTo(200);
		assertThat(versions(ResultApproval.KEY)).isEqualTo(approvalVersions + 1);
	}

	@Test
	void anApproverDecidesOverTheApiAndOverEngineRest() {
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		WaitingApproval first = aRunWaitingForApproval();
		WaitingApproval second = aRunWaitingForApproval();
		// What Tasklist loads for them, and the run they are asked to approve.
		ResponseEntity<String> form = approver.http()
			.get()
			.uri("/engine-rest/task/" + second.task() + "/deployed-form")
			.retrieve()
			.toEntity(String.class);
		ResponseEntity<JsonNode> shown = approver
			.get("/engine-rest/task/" + second.task() + "/form-variables?variableNames=task,result");
		ResponseEntity<JsonNode> run = approver.get("/api/runs/" + first.id());

		ResponseEntity<JsonNode> overTheApi = approver.post("/api/runs/" + first.id() + "/approval",
				Map.of("approved", true));
		ResponseEntity<JsonNode> overEngineRest = approver.post("/engine-rest/task/" + second.task() + "/complete",
				Map.of("variables", Map.of("approved", TRUE)));

		assertThat(form.getStatusCode().value()).isEqualTo(200);
		assertThat(form.getBody()).contains("cam-variable-name=\"approved\"");
		assertThat(shown.getBody().path("result").path("value").asText()).isNotBlank();
		assertThat(run.getStatusCode().value()).isEqualTo(200);
		assertThat(overTheApi.getStatusCode().value()).isEqualTo(200);
		assertThat(overEngineRest.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(first.id()).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.api.awaitEnd(second.id()).path("status").asText()).isEqualTo("COMPLETED");
		// They still see the runs they decided, however they did; not the one another
		// approver did.
		assertThat(approver.get("/api/runs/" + first.id()).getStatusCode().value()).isEqualTo(200);
		assertThat(approver.get("/api/runs/" + second.id()).getStatusCode().value()).isEqualTo(200);
		assertThat(this.people.inGroups(AccessGroups.APPROVERS).get("/api/runs/" + first.id()).getStatusCode().value())
			.isEqualTo(404);
	}

	private long versions(String key) {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey(key).count();
	}

	private WaitingApproval aRunWaitingForApproval() {
		return WaitingApproval.start(this.api, this.runtime, this.tasks);
	}

	/** Still waiting for the same task, undecided and unclaimed. */
	private void assertUntouched(WaitingApproval run) {
		JsonNode view = this.api.run(run.id());
		assertThat(view.path("status").asText()).isEqualTo("RUNNING");
		assertThat(view.path("userTasks")).singleElement().satisfies((task) -> {
			assertThat(task.path("id").asText()).isEqualTo(run.task());
			assertThat(task.path("assignee").isMissingNode() || task.path("assignee").isNull()).isTrue();
		});
		assertThat(this.runtime.createProcessInstanceQuery().processInstanceId(run.approval()).active().count())
			.isOne();
		assertThat(this.runtime.getVariable(run.approval(), "approved")).isNull();
		assertThat(this.runtime.getVariable(run.id(), "requireApproval")).isEqualTo(true);
		assertThat(this.tasks.getVariable(run.task(), "approved")).isNull();
	}

	/** The positive control: an approver's decision goes through. */
	private void approvedBy(WaitingApproval run, Person approver) {
		ResponseEntity<JsonNode> decided = approver.post("/api/runs/" + run.id() + "/approval",
				Map.of("approved", true));
		assertThat(decided.getStatusCode().value()).isEqualTo(200);
		assertThat(this.api.awaitEnd(run.id()).path("status").asText()).isEqualTo("COMPLETED");
	}

}
