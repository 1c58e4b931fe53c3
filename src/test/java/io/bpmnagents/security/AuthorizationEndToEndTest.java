package io.bpmnagents.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.BpmnText;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each shipped group does what it is granted and nothing else, over {@code /api},
 * {@code /engine-rest} and the webapps alike.
 */
class AuthorizationEndToEndTest extends EndToEndApiTest {

	private static final Map<String, Object> A_RUN = Map.of("process", "sequential-pipeline", "input",
			Map.of("task", "Write about access control", "agents", List.of("writer")));

	@Autowired
	IdentityService identity;

	@Autowired
	AuthorizationService authorizations;

	@Autowired
	ProcessEngine engine;

	@Autowired
	AccessGrants grants;

	@Test
	void aPersonInNoGroupCanLogInAndDoNothing() {
		Person nobody = this.people.inGroups();
		long runsBefore = runCount();

		ResponseEntity<JsonNode> definitions = nobody.get("/engine-rest/process-definition");
		ResponseEntity<JsonNode> history = nobody.get("/engine-rest/history/process-instance");
		ResponseEntity<JsonNode> started = nobody.post("/api/runs", A_RUN);
		ResponseEntity<JsonNode> startedOverEngineRest = nobody
			.post("/engine-rest/process-definition/key/sequential-pipeline/start", Map.of());
		ResponseEntity<JsonNode> deployed = nobody.deploy("mine.bpmn",
				People.emptyProcess("mine-" + System.nanoTime()));

		assertThat(definitions.getStatusCode().value()).isEqualTo(200);
		assertThat(definitions.getBody()).isEmpty();
		assertThat(history.getBody()).isEmpty();
		assertThat(started.getStatusCode().value()).isEqualTo(403);
		assertThat(started.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(started.getBody().path("detail").asText()).contains("members of operators");
		assertThat(startedOverEngineRest.getStatusCode().value()).isIn(403, 404);
		assertThat(deployed.getStatusCode().value()).isEqualTo(403);
		assertThat(runCount()).isEqualTo(runsBefore);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", AccessGroups.MODELLERS, AccessGroups.OPERATORS, AccessGroups.APPROVERS })
	void onlyAdministratorsTouchUsersGroupsAuthorizationsAndTenants(String group) {
		Person person = group.isEmpty() ? this.people.inGroups() : this.people.inGroups(group);
		String stranger = "stranger" + System.nanoTime();

		List<ResponseEntity<JsonNode>> attempts = List.of(
				person.post("/engine-rest/user/create",
						Map.of("profile", Map.of("id", stranger, "firstName", "S", "lastName", "X"), "credentials",
								Map.of("password", "Unrelated-Key-9"))),
				person.put("/engine-rest/group/" + AccessGroups.ADMINISTRATORS + "/members/" + person.id(), null),
				person.put("/engine-rest/group/" + AccessGroups.OPERATORS + "/members/" + person.id(), null),
				person.post("/engine-rest/group/create", Map.of("id", stranger, "name", "Mine")),
				person.post("/engine-rest/authorization/create",
						Map.of("type", 1, "permissions", List.of("ALL"), "userId", person.id(), "resourceType", 6,
								"resourceId", "*")),
				person.post("/engine-rest/tenant/create", Map.of("id", stranger, "name", "Mine")));
		ResponseEntity<JsonNode> adminsPassword = person.put("/engine-rest/user/" + ApiClient.USER + "/credentials",
				Map.of("password", "Taken-Over-99", "authenticatedUserPassword", People.PASSWORD));

		assertThat(attempts).allSatisfy((response) -> assertThat(response.getStatusCode().value()).isEqualTo(403));
		// Other users are not even listed to them.
		assertThat(adminsPassword.getStatusCode().value()).isIn(403, 404);
		assertThat(this.identity.createUserQuery().userId(stranger).count()).isZero();
		assertThat(this.identity.createGroupQuery().groupMember(person.id()).list())
			.allSatisfy((member) -> assertThat(member.getId()).isNotIn(AccessGroups.ADMINISTRATORS,
					group.isEmpty() ? AccessGroups.OPERATORS : "-"));
		assertThat(this.identity.createGroupQuery().groupId(stranger).count()).isZero();
		assertThat(this.identity.createTenantQuery().tenantId(stranger).count()).isZero();
		assertThat(this.authorizations.createAuthorizationQuery().userIdIn(person.id()).resourceType(6).count())
			.isZero();
		assertThat(this.identity.checkPassword(ApiClient.USER, ApiClient.PASSWORD)).isTrue();
	}

	@Test
	void theRegistryTheApiDescriptionAndMetricsAreForTheGroups() {
		Person nobody = this.people.inGroups();
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		for (String path : List.of("/api/agents", "/v3/api-docs", "/actuator/prometheus", "/actuator/metrics")) {
			ResponseEntity<JsonNode> refused = nobody.get(path);
			assertThat(refused.getStatusCode().value()).as("%s for a person in no group", path).isEqualTo(403);
			assertThat(refused.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.isTrue();
			assertThat(refused.getBody().path("detail").asText()).contains("groups do not allow", path);
		}
		assertThat(approver.get("/api/agents").getStatusCode().value()).isEqualTo(200);
		assertThat(approver.get("/actuator/prometheus").getStatusCode().value()).isEqualTo(403);
		assertThat(operator.get("/actuator/metrics").getStatusCode().value()).isEqualTo(200);
		assertThat(operator.get("/v3/api-docs").getStatusCode().value()).isEqualTo(200);
	}

	@Test
	void modellersDeployButStartNothing() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		String key = "modelled-" + System.nanoTime();

		ResponseEntity<JsonNode> deployed = modeller.deploy(key + ".bpmn", People.emptyProcess(key));
		ResponseEntity<JsonNode> started = modeller.post("/api/runs", Map.of("process", key, "input", Map.of()));
		ResponseEntity<JsonNode> startedOverEngineRest = modeller
			.post("/engine-rest/process-definition/key/" + key + "/start", Map.of());

		assertThat(deployed.getStatusCode().value()).isEqualTo(200);
		assertThat(modeller.get("/engine-rest/process-definition?key=" + key).getBody()).hasSize(1);
		assertThat(started.getStatusCode().value()).isEqualTo(403);
		assertThat(startedOverEngineRest.getStatusCode().value()).isEqualTo(403);
		assertThat(this.api.get("/engine-rest/history/process-instance/count?processDefinitionKey=" + key)
			.getBody()
			.path("count")
			.asInt()).isZero();
	}

	@Test
	void modellersDeployNoCodeSoTheyCannotMakeThemselvesAdministrators() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		String escalation = "${execution.processEngineServices.identityService.createMembership('" + modeller.id()
				+ "', 'camunda-admin')}";
		String key = "escalation" + System.nanoTime();
		String withCode = endListener(key, escalation);
		String withTimer = BpmnText.sequence(key,
				"<bpmn:startEvent id=\"StartEvent_1\"><bpmn:timerEventDefinition><bpmn:timeDuration>"
						+ escalation.replace("'", "&apos;") + "</bpmn:timeDuration></bpmn:timerEventDefinition>"
						+ "</bpmn:startEvent>",
				"<bpmn:endEvent id=\"EndEvent_1\" />");
		String readsVariables = endListener("reads" + System.nanoTime(),
				"${execution.setVariable('seen', execution.getVariable('seen') == null)}");

		ResponseEntity<JsonNode> listener = modeller.deploy("escalation.bpmn", withCode);
		ResponseEntity<JsonNode> timer = modeller.deploy("escalation.bpmn", withTimer);
		ResponseEntity<JsonNode> form = modeller.deploy("form.html", "<script>fetch('/engine-rest/user')</script>");
		ResponseEntity<JsonNode> allowed = modeller.deploy("reads.bpmn", readsVariables);

		assertThat(listener.getStatusCode().value()).isEqualTo(403);
		assertThat(listener.getBody().path("message").asText()).contains("execution.processEngineServices");
		assertThat(timer.getStatusCode().value()).isEqualTo(403);
		assertThat(form.getStatusCode().value()).isEqualTo(403);
		assertThat(this.api.get("/engine-rest/process-definition/count?key=" + key).getBody().path("count").asInt())
			.isZero();
		assertThat(this.identity.createGroupQuery()
			.groupMember(modeller.id())
			.groupId(AccessGroups.ADMINISTRATORS)
			.count()).isZero();
		assertThat(allowed.getStatusCode().value()).isEqualTo(200);
		// An administrator may deploy code.
		String admins = "admin" + System.nanoTime();
		assertThat(this.api
			.deploy(admins, Map.of(admins + ".bpmn", endListener(admins, "${execution.getProcessInstanceId()}")))
			.getStatusCode()
			.value()).isEqualTo(200);
	}

	/** A start and an end whose end event runs {@code expression} as its listener. */
	private static String endListener(String key, String expression) {
		return BpmnText.sequence(key, "<bpmn:startEvent id=\"StartEvent_1\" />",
				"<bpmn:endEvent id=\"EndEvent_1\"><bpmn:extensionElements><camunda:executionListener event=\"start\" "
						+ "expression=\"" + expression + "\" /></bpmn:extensionElements></bpmn:endEvent>");
	}

	@Test
	void operatorsStartAndFollowRunsButDeployNothing() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		ResponseEntity<JsonNode> started = operator.post("/api/runs", A_RUN);
		String id = started.getBody().path("id").asText();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> !"RUNNING".equals(operator.get("/api/runs/" + id).getBody().path("status").asText()));
		ResponseEntity<JsonNode> transcript = operator.get("/api/runs/" + id + "/transcript");
		ResponseEntity<JsonNode> history = operator
			.get("/engine-rest/history/process-instance?processInstanceId=" + id);
		ResponseEntity<JsonNode> deployed = operator.deploy("mine.bpmn",
				People.emptyProcess("operated-" + System.nanoTime()));

		assertThat(started.getStatusCode().value()).isEqualTo(201);
		assertThat(operator.get("/api/runs/" + id).getBody().path("status").asText()).isEqualTo("COMPLETED");
		assertThat(transcript.getBody()).hasSize(1);
		assertThat(history.getBody()).singleElement()
			.satisfies((run) -> assertThat(run.path("startUserId").asText()).isEqualTo(operator.id()));
		assertThat(deployed.getStatusCode().value()).isEqualTo(403);
	}

	@Test
	void operatorsRetryAFailedAgentCallThroughTheApiWhileCamundasRetryNeedsMore() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Simulator.Faults healthy = this.simulator.faults();
		this.simulator.faults(new Simulator.Faults(1.0, 0, 0, 0));
		String id;
		try {
			id = operator.post("/api/runs", A_RUN).getBody().path("id").asText();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> operator.get("/api/runs/" + id).getBody().path("incidents").size() > 0);
		}
		finally {
			this.simulator.faults(healthy);
		}
		String externalTask = this.api.get("/engine-rest/external-task?processInstanceId=" + id)
			.getBody()
			.get(0)
			.path("id")
			.asText();

		// Camunda's own retry needs UPDATE on the instance, which also allows changing
		// it.
		ResponseEntity<JsonNode> overEngineRest = operator
			.put("/engine-rest/external-task/" + externalTask + "/retries", Map.of("retries", 1));
		ResponseEntity<JsonNode> byANobody = this.people.inGroups().post("/api/runs/" + id + "/retry", Map.of());
		ResponseEntity<JsonNode> byAnApprover = this.people.inGroups(AccessGroups.APPROVERS)
			.post("/api/runs/" + id + "/retry", Map.of());
		ResponseEntity<JsonNode> retried = operator.post("/api/runs/" + id + "/retry", Map.of());

		assertThat(overEngineRest.getStatusCode().value()).isEqualTo(403);
		assertThat(byANobody.getStatusCode().value()).isEqualTo(404);
		assertThat(byAnApprover.getStatusCode().value()).isEqualTo(404);
		assertThat(retried.getStatusCode().value()).isEqualTo(200);
		JsonNode done = this.api.awaitEnd(id);
		assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
		ResponseEntity<JsonNode> again = operator.post("/api/runs/" + id + "/retry", Map.of());
		assertThat(again.getStatusCode().value()).isEqualTo(409);
	}

	@Test
	void approversStartAndDeployNothing() {
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		String id = this.api.start("sequential-pipeline", Map.of("task", "t", "agents", List.of("writer")));

		assertThat(approver.post("/api/runs", A_RUN).getStatusCode().value()).isEqualTo(403);
		assertThat(approver.deploy("mine.bpmn", People.emptyProcess("approved-" + System.nanoTime()))
			.getStatusCode()
			.value()).isEqualTo(403);
		assertThat(approver.get("/engine-rest/history/process-instance?processInstanceId=" + id).getBody()).isEmpty();
		assertThat(approver.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(404);
	}

	@Test
	void eachGroupOpensItsWebappsOnly() {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Person nobody = this.people.inGroups();

		assertThat(login(modeller, "cockpit")).isEqualTo(200);
		assertThat(login(modeller, "admin")).isEqualTo(403);
		assertThat(login(operator, "cockpit")).isEqualTo(200);
		assertThat(login(operator, "admin")).isEqualTo(403);
		assertThat(login(approver, "tasklist")).isEqualTo(200);
		assertThat(login(approver, "cockpit")).isEqualTo(403);
		assertThat(login(nobody, "tasklist")).isEqualTo(403);
		assertThat(login(nobody, "cockpit")).isEqualTo(403);
	}

	@Test
	void theGroupsAndGrantsAreCreatedOnceHoweverOftenTheAppStarts() {
		long before = this.authorizations.createAuthorizationQuery().count();

		this.grants.postProcessEngineBuild(this.engine);
		this.grants.postProcessEngineBuild(this.engine);

		assertThat(this.authorizations.createAuthorizationQuery().count()).isEqualTo(before);
		assertThat(this.identity.createGroupQuery().groupIdIn(AccessGroups.ALL.toArray(String[]::new)).count())
			.isEqualTo(AccessGroups.ALL.size());
		assertThat(AccessGrants.grants()).filteredOn((grant) -> !grant.group().equals(AccessGroups.ADMINISTRATORS))
			.allSatisfy((grant) -> assertThat(this.authorizations.createAuthorizationQuery()
				.groupIdIn(grant.group())
				.resourceType(grant.resource())
				.resourceId(grant.resourceId())
				.count()).isEqualTo(1));
	}

	private int login(Person person, String app) {
		RestClient anonymous = this.people.anonymous();
		ResponseEntity<String> page = anonymous.get()
			.uri("/camunda/app/" + app + "/default/")
			.retrieve()
			.toEntity(String.class);
		String token = page.getHeaders().getFirst("X-XSRF-TOKEN");
		String cookies = String.join("; ",
				page.getHeaders()
					.getOrEmpty("Set-Cookie")
					.stream()
					.map((cookie) -> cookie.substring(0, cookie.indexOf(';')))
					.toList());
		return anonymous.post()
			.uri("/camunda/api/admin/auth/user/default/login/" + app)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.header("X-XSRF-TOKEN", (token != null) ? token : "")
			.header("Cookie", cookies)
			.body("username=" + person.id() + "&password=" + People.PASSWORD)
			.retrieve()
			.toEntity(String.class)
			.getStatusCode()
			.value();
	}

	private long runCount() {
		return this.api.get("/engine-rest/history/process-instance/count").getBody().path("count").asLong();
	}

}
