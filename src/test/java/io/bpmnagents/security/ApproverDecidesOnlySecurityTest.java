package io.bpmnagents.security;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import io.bpmnagents.support.WaitingApproval;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.IdentityLink;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvers decide; they do not edit. On an approval task they hold {@code TASK_WORK}
 * (read, claim, complete), and a completion carries the form's decision fields
 * ({@code approved}, {@code comment}) and nothing else, whatever the route: a person who
 * may decide must not be able to approve a result and replace it with their own text,
 * write the run's variables, or offer the task (and with it the run and its transcript)
 * to anyone they like.
 */
class ApproverDecidesOnlySecurityTest extends EndToEndApiTest {

	private static final Map<String, Object> TRUE = Map.of("value", true, "type", "Boolean");

	private static final Map<String, Object> THEIR_TEXT = Map.of("value", "The approver's own result", "type",
			"String");

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@Autowired
	AuthorizationService authorizations;

	@Autowired
	AccessGrants grants;

	@Autowired
	ProcessEngine engine;

	@LocalServerPort
	int port;

	@Test
	void anApproverHoldsWorkOnTheApprovalTaskNotUpdate() {
		WaitingApproval run = aRunWaitingForApproval();

		List<Authorization> grants = this.authorizations.createAuthorizationQuery()
			.resourceType(Resources.TASK)
			.resourceId(run.task())
			.groupIdIn(AccessGroups.APPROVERS)
			.list();

		assertThat(grants).singleElement().satisfies((grant) -> {
			assertThat(grant.isPermissionGranted(Permissions.TASK_WORK)).isTrue();
			assertThat(grant.isPermissionGranted(Permissions.UPDATE)).isFalse();
			assertThat(grant.isPermissionGranted(Permissions.TASK_ASSIGN)).isFalse();
		});
	}

	@Test
	void anApprovalTaskFromBeforeTheUpgradeIsNarrowedAtStart() {
		WaitingApproval run = aRunWaitingForApproval();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		// What Camunda granted a task's candidates before: UPDATE.
		Authorization grant = approversGrant(run);
		grant.removePermission(Permissions.TASK_WORK);
		grant.addPermission(Permissions.UPDATE);
		this.authorizations.saveAuthorization(grant);

		this.grants.postProcessEngineBuild(this.engine);
		ResponseEntity<JsonNode> written = approver.put("/engine-rest/task/" + run.task() + "/variables/result",
				THEIR_TEXT);

		assertThat(approversGrant(run).isPermissionGranted(Permissions.UPDATE)).isFalse();
		assertThat(approversGrant(run).isPermissionGranted(Permissions.TASK_WORK)).isTrue();
		assertThat(written.getStatusCode().value()).isEqualTo(403);
		assertUndecided(run);
	}

	private Authorization approversGrant(WaitingApproval run) {
		return this.authorizations.createAuthorizationQuery()
			.resourceType(Resources.TASK)
			.resourceId(run.task())
			.groupIdIn(AccessGroups.APPROVERS)
			.singleResult();
	}

	@Test
	void aCompletionCarryingMoreThanTheDecisionIsRefusedOnEveryRoute() throws Exception {
		WaitingApproval run = aRunWaitingForApproval();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Map<String, Object> approvedWithTheirText = Map.of("variables",
				Map.of("approved", TRUE, "comment", Map.of("value", "fine", "type", "String"), "result", THEIR_TEXT));

		List<ResponseEntity<JsonNode>> overEngineRest = List.of(
				approver.post("/engine-rest/task/" + run.task() + "/complete", approvedWithTheirText),
				approver.post("/engine-rest/task/" + run.task() + "/submit-form", approvedWithTheirText),
				approver.post("/engine-rest/task/" + run.task() + "/resolve", approvedWithTheirText));
		RawHttp.Response inTasklist = tasklist(approver, "/task/" + run.task() + "/submit-form", approvedWithTheirText);
		ResponseEntity<JsonNode> overTheApi = approver.post("/api/runs/" + run.id() + "/approval",
				Map.of("approved", true, "result", THEIR_TEXT.get("value")));

		assertThat(overEngineRest).allSatisfy((response) -> {
			assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403);
			assertThat(response.getBody().path("message").asText()).contains("may not set variable 'result'");
		});
		assertThat(inTasklist.status()).as(inTasklist.body()).isEqualTo(403);
		assertThat(inTasklist.body()).contains("may not set variable 'result'");
		assertThat(overTheApi.getStatusCode().value()).isEqualTo(400);
		assertThat(overTheApi.getBody().path("field").asText()).isEqualTo("result");
		assertThat(overTheApi.getBody().path("detail").asText()).contains("'result' are not part of a decision");
		assertUndecided(run);

		ResponseEntity<JsonNode> decided = approver.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("approved", TRUE, "comment", Map.of("value", "fine", "type", "String"))));
		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		JsonNode done = this.api.awaitEnd(run.id());
		assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(done.path("output").path("result").asText()).isNotBlank()
			.doesNotContain((String) THEIR_TEXT.get("value"));
	}

	@Test
	void aDecisionOfTheWrongTypeIsABadRequestNamingTheField() {
		WaitingApproval run = aRunWaitingForApproval();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);

		ResponseEntity<JsonNode> approvedAsText = approver.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("approved", Map.of("value", "yes", "type", "String"))));
		ResponseEntity<JsonNode> commentAsObject = approver.post("/engine-rest/task/" + run.task() + "/submit-form",
				Map.of("variables", Map.of("approved", TRUE, "comment", Map.of("value", "{\"a\":1}", "type", "Json"))));

		assertThat(approvedAsText.getStatusCode().value()).isEqualTo(400);
		assertThat(approvedAsText.getBody().path("message").asText()).contains("'approved' must be a Boolean");
		assertThat(commentAsObject.getStatusCode().value()).isEqualTo(400);
		assertThat(commentAsObject.getBody().path("message").asText()).contains("'comment' must be a String");
		assertUndecided(run);
	}

	@Test
	void anApproverWritesNoVariablesAddsNoCandidatesAndHandsTheTaskToNobody() throws Exception {
		WaitingApproval run = aRunWaitingForApproval();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Person stranger = this.people.inGroups();

		List<ResponseEntity<JsonNode>> attempts = List.of(
				approver.put("/engine-rest/task/" + run.task() + "/variables/result", THEIR_TEXT),
				approver.post("/engine-rest/task/" + run.task() + "/variables",
						Map.of("modifications", Map.of("result", THEIR_TEXT))),
				approver.put("/engine-rest/task/" + run.task() + "/localVariables/result", THEIR_TEXT),
				approver.post("/engine-rest/task/" + run.task() + "/localVariables",
						Map.of("modifications", Map.of("result", THEIR_TEXT))),
				approver.delete("/engine-rest/task/" + run.task() + "/variables/task"),
				approver.post("/engine-rest/task/" + run.task() + "/identity-links",
						Map.of("groupId", AccessGroups.OPERATORS, "type", "candidate")),
				approver.post("/engine-rest/task/" + run.task() + "/identity-links",
						Map.of("userId", stranger.id(), "type", "candidate")),
				approver.post("/engine-rest/task/" + run.task() + "/assignee", Map.of("userId", stranger.id())),
				approver.post("/engine-rest/task/" + run.task() + "/delegate", Map.of("userId", stranger.id())),
				approver.post("/engine-rest/task/" + run.task() + "/bpmnError", Map.of("errorCode", "REJECTED")),
				approver.post("/engine-rest/task/" + run.task() + "/bpmnEscalation",
						Map.of("escalationCode", "ESCALATED")));
		RawHttp.Response inTasklist = tasklist(approver, "/task/" + run.task() + "/identity-links",
				Map.of("groupId", AccessGroups.OPERATORS, "type", "candidate"));

		assertThat(attempts).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403));
		assertThat(inTasklist.status()).as(inTasklist.body()).isEqualTo(403);
		assertUndecided(run);
		assertThat(this.tasks.getIdentityLinksForTask(run.task())).extracting(IdentityLink::getGroupId)
			.doesNotContain(AccessGroups.OPERATORS);
		assertThat(this.tasks.getIdentityLinksForTask(run.task())).extracting(IdentityLink::getUserId)
			.doesNotContain(stranger.id());
		// A candidate would see the run and its transcript.
		assertThat(stranger.get("/api/runs/" + run.id() + "/transcript").getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void anApproverClaimsAndGivesTheTaskBack() {
		WaitingApproval run = aRunWaitingForApproval();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Person another = this.people.inGroups(AccessGroups.APPROVERS);

		ResponseEntity<JsonNode> claimed = approver.post("/engine-rest/task/" + run.task() + "/claim",
				Map.of("userId", approver.id()));
		ResponseEntity<JsonNode> unclaimedByAnother = another.post("/engine-rest/task/" + run.task() + "/unclaim",
				Map.of());
		ResponseEntity<JsonNode> unclaimed = approver.post("/engine-rest/task/" + run.task() + "/unclaim", Map.of());

		assertThat(claimed.getStatusCode().value()).isEqualTo(204);
		assertThat(unclaimedByAnother.getStatusCode().value()).isEqualTo(403);
		assertThat(unclaimed.getStatusCode().value()).isEqualTo(204);
		assertUndecided(run);
	}

	@Test
	void administratorsStayUnrestricted() {
		WaitingApproval run = aRunWaitingForApproval();

		ResponseEntity<JsonNode> candidate = this.api.post("/engine-rest/task/" + run.task() + "/identity-links",
				Map.of("groupId", AccessGroups.OPERATORS, "type", "candidate"));
		ResponseEntity<JsonNode> decided = this.api.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("approved", TRUE, "result", THEIR_TEXT)));

		assertThat(candidate.getStatusCode().value()).isEqualTo(204);
		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(run.id()).path("output").path("result").asText())
			.contains((String) THEIR_TEXT.get("value"));
	}

	/** The webapps' engine API, as Tasklist calls it with its session. */
	private RawHttp.Response tasklist(Person person, String path, Object body) throws Exception {
		RawHttp http = new RawHttp(this.port);
		return WebappSession.login(http, person.id(), People.PASSWORD, "tasklist").postToEngine(http, path, body);
	}

	private WaitingApproval aRunWaitingForApproval() {
		return WaitingApproval.start(this.api, this.runtime, this.tasks);
	}

	/** Still waiting for the same task, undecided, its result and task as they were. */
	private void assertUndecided(WaitingApproval run) {
		assertThat(this.api.run(run.id()).path("status").asText()).isEqualTo("RUNNING");
		assertThat(this.tasks.createTaskQuery().taskId(run.task()).singleResult()).isNotNull()
			.satisfies((open) -> assertThat(open.getAssignee()).isNull());
		assertThat(String.valueOf(this.runtime.getVariable(run.approval(), "result"))).isEqualTo(run.result());
		assertThat(this.runtime.getVariable(run.approval(), "task")).isNotNull();
		assertThat(this.runtime.getVariable(run.approval(), "approved")).isNull();
	}

}
