package io.bpmnagents.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A modeller's own flow is as governed as a shipped one: its decision on a stalled agent
 * (the shipped form {@code conversation-stalled} on a task of the modeller's own id, in a
 * process of their own, deployed from the Modeler over {@code /engine-rest}) is taken by
 * the approvers only, and carries the decision only, on every route, even though the
 * model offers the task to the operators as well.
 */
class OwnFlowStallDecisionSecurityTest extends EndToEndApiTest {

	static final String PROCESS = "own-research-paused-on-stall";

	private static final String INSTRUCTION = "Answer from what you know.";

	@Autowired
	TaskService tasks;

	@Autowired
	ExternalTaskService externalTasks;

	@LocalServerPort
	int port;

	@AfterEach
	void stopLooping() {
		this.simulator.loopToolCalls(false);
	}

	/** A run of the own flow whose researcher stalled: the person's task is open. */
	record Paused(String id, String task) {
	}

	/**
	 * A modeller deploys the own flow, as the Modeler does (it shows the shipped form);
	 * an operator starts it and its researcher loops until it is paused.
	 */
	private Paused aRunPausedInAnOwnFlow(Person operator) throws IOException {
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		// Under a key of its own per test: the first modeller to deploy a key owns it.
		String key = PROCESS + "-" + System.nanoTime();
		String model = new ClassPathResource("own-flows/" + PROCESS + ".bpmn")
			.getContentAsString(StandardCharsets.UTF_8)
			.replace("id=\"" + PROCESS + "\"", "id=\"" + key + "\"")
			.replace("bpmnElement=\"" + PROCESS + "\"", "bpmnElement=\"" + key + "\"");
		ResponseEntity<JsonNode> deployed = modeller.deploy(key + ".bpmn", model);
		assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);
		this.simulator.loopToolCalls(true);
		String id = operator.start(key, Map.of("task", "Read your notes on tides"));
		JsonNode waiting = this.api.awaitUserTask(id);
		JsonNode task = waiting.path("userTasks").get(0);
		assertThat(task.path("activityId").asText()).isEqualTo("UserTask_AskAPerson");
		this.simulator.loopToolCalls(false);
		return new Paused(id, task.path("id").asText());
	}

	@Test
	void anOperatorTheModelOffersTheDecisionToIsRefusedOnEveryRouteAndAnApproverDecides() throws Exception {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Paused run = aRunPausedInAnOwnFlow(operator);
		Map<String, Object> decision = Map.of("variables",
				Map.of("stallDecision", Map.of("value", "continue", "type", "String")));
		String task = "/engine-rest/task/" + run.task();

		List<ResponseEntity<JsonNode>> attempts = List.of(
				operator.post(task + "/claim", Map.of("userId", operator.id())),
				operator.post(task + "/assignee", Map.of("userId", operator.id())),
				operator.post(task + "/delegate", Map.of("userId", operator.id())),
				operator.post(task + "/complete", decision), operator.post(task + "/submit-form", decision),
				operator.post(task + "/resolve", decision),
				operator.post(task + "/variables",
						Map.of("modifications", Map.of("stallDecision", decision.get("variables")))),
				operator.put(task + "/localVariables/stallDecision", Map.of("value", "continue", "type", "String")));
		RawHttp http = new RawHttp(this.port);
		RawHttp.Response inTheWebapps = WebappSession.login(http, operator.id(), People.PASSWORD, "cockpit")
			.postToEngine(http, "/task/" + run.task() + "/complete", decision);
		ResponseEntity<JsonNode> overTheApi = operator.post("/api/runs/" + run.id() + "/approval",
				Map.of("approved", true));

		assertThat(attempts).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403));
		assertThat(attempts.get(0).getBody().path("message").asText()).contains("approvals are for");
		assertThat(attempts.get(3).getBody().path("message").asText()).contains("may not decide this approval");
		assertThat(inTheWebapps.status()).as(inTheWebapps.body()).isEqualTo(403);
		assertThat(overTheApi.getStatusCode().is4xxClientError()).as(overTheApi.toString()).isTrue();
		assertStillPaused(run);

		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		assertThat(approver.post(task + "/claim", Map.of("userId", approver.id())).getStatusCode().value())
			.isEqualTo(204);
		ResponseEntity<JsonNode> decided = approver.post(task + "/submit-form",
				Map.of("variables", Map.of("stallDecision", Map.of("value", "instruct", "type", "String"),
						"stallInstruction", Map.of("value", INSTRUCTION, "type", "String"))));
		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(run.id()).path("status").asText()).isEqualTo("COMPLETED");
		List<JsonNode> calls = this.api.transcript(run.id());
		assertThat(calls.get(calls.size() - 1).path("prompt").asText())
			.endsWith("Instruction from " + approver.id() + ": " + INSTRUCTION);
	}

	@Test
	void anApproversDecisionInAnOwnFlowCarriesTheDecisionOnly() throws Exception {
		Paused run = aRunPausedInAnOwnFlow(this.people.inGroups(AccessGroups.OPERATORS));
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);

		ResponseEntity<JsonNode> withMore = approver.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("stallDecision", Map.of("value", "continue", "type", "String"), "result",
						Map.of("value", "The approver's own answer", "type", "String"))));
		ResponseEntity<JsonNode> noChoice = approver.post("/engine-rest/task/" + run.task() + "/submit-form",
				Map.of("variables", Map.of("stallDecision", Map.of("value", "maybe", "type", "String"))));

		assertThat(withMore.getStatusCode().value()).isEqualTo(403);
		assertThat(withMore.getBody().path("message").asText()).contains("may not set variable 'result'");
		assertThat(noChoice.getStatusCode().value()).isEqualTo(400);
		assertThat(noChoice.getBody().path("message").asText()).contains("'stallDecision' must be 'continue'");
		assertStillPaused(run);
	}

	@Test
	void nobodyLetsAPausedAgentGoOnByFreeingItsLockNotEvenAnAdministrator() throws Exception {
		Paused run = aRunPausedInAnOwnFlow(this.people.inGroups(AccessGroups.OPERATORS));
		// (an id may not start with the group name camunda-admin: made in operators
		// first)
		Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);
		String agent = "/engine-rest/external-task/"
				+ this.externalTasks.createExternalTaskQuery().processInstanceId(run.id()).singleResult().getId();
		String paused = "paused-until-a-person-decides-on-the-stall";

		// Unlocking, and each way of acting as the paused "worker" that frees the lock
		// or ends the task.
		List<ResponseEntity<JsonNode>> attempts = List.of(administrator.post(agent + "/unlock", Map.of()),
				administrator.post(agent + "/lock", Map.of("workerId", paused, "lockDuration", 1)),
				administrator.post(agent + "/extendLock", Map.of("workerId", paused, "newDuration", 1)),
				administrator.post(agent + "/failure",
						Map.of("workerId", paused, "errorMessage", "let it go", "retries", 1, "retryTimeout", 0)),
				administrator.post(agent + "/complete",
						Map.of("workerId", paused, "variables",
								Map.of("result", Map.of("value", "A made-up answer", "type", "String")))),
				administrator.post(agent + "/bpmnError", Map.of("workerId", paused, "errorCode", "SKIPPED")));
		// Retries leave the lock alone.
		ResponseEntity<JsonNode> retries = administrator.put(agent + "/retries", Map.of("retries", 3));

		assertThat(attempts).allSatisfy((response) -> {
			assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(400);
			assertThat(response.getBody().path("message").asText())
				.contains("is paused until a person decides how the stalled agent goes on")
				.contains("the task 'Ask a person how the researcher goes on")
				.contains("(" + run.task() + ") in Tasklist");
		});
		assertThat(retries.getStatusCode().value()).isEqualTo(204);
		assertStillPaused(run);

		ResponseEntity<JsonNode> decided = this.people.inGroups(AccessGroups.APPROVERS)
			.post("/engine-rest/task/" + run.task() + "/complete",
					Map.of("variables", Map.of("stallDecision", Map.of("value", "continue", "type", "String"))));
		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(run.id()).path("status").asText()).isEqualTo("COMPLETED");
	}

	/** The person's task is open and nobody's, and the researcher's task still paused. */
	private void assertStillPaused(Paused run) {
		assertThat(this.api.run(run.id()).path("status").asText()).isEqualTo("RUNNING");
		assertThat(this.tasks.createTaskQuery().taskId(run.task()).singleResult()).isNotNull()
			.satisfies((open) -> assertThat(open.getAssignee()).isNull());
		assertThat(this.tasks.getVariable(run.task(), "stallDecision")).isNull();
		assertThat(this.externalTasks.createExternalTaskQuery().processInstanceId(run.id()).singleResult())
			.satisfies((agent) -> assertThat(agent.getWorkerId()).startsWith("paused"));
	}

}
