package io.bpmnagents.security;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.bpmnagents.support.RawHttp;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tool call's approval is decided by an approver, with decision, reason and arguments
 * only, on every route; the person who started the run cannot decide it, nor change the
 * arguments by another way, nor start an approval of their own.
 */
class ToolApproverDecidesOnlySecurityTest extends EndToEndApiTest {

	@Autowired
	RuntimeService runtime;

	@Autowired
	TaskService tasks;

	@LocalServerPort
	int port;

	@Test
	void aCompletionCarryingMoreThanTheDecisionIsRefusedOnEveryRoute() throws Exception {
		Waiting run = aRefundWaitingForApproval(this.people.inGroups(AccessGroups.OPERATORS));
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		Map<String, Object> approvedWithAnotherTool = Map.of("variables",
				Map.of("decision", string("approve"), "tool", string("workspace_write")));

		List<ResponseEntity<JsonNode>> overEngineRest = List.of(
				approver.post("/engine-rest/task/" + run.task() + "/complete", approvedWithAnotherTool),
				approver.post("/engine-rest/task/" + run.task() + "/submit-form", approvedWithAnotherTool),
				approver.post("/engine-rest/task/" + run.task() + "/resolve", approvedWithAnotherTool),
				approver.post("/engine-rest/task/" + run.task() + "/bpmnError", Map.of("errorCode", "REJECTED")));
		RawHttp.Response inTasklist = tasklist(approver, "/task/" + run.task() + "/submit-form",
				approvedWithAnotherTool);

		assertThat(overEngineRest).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isEqualTo(403));
		assertThat(overEngineRest.get(0).getBody().path("message").asText()).contains("may not set variable 'tool'");
		assertThat(inTasklist.status()).as(inTasklist.body()).isEqualTo(403);
		assertThat(inTasklist.body()).contains("may not set variable 'tool'");
		assertPending(run);
	}

	@Test
	void aWrongDecisionOrArgumentsThatDoNotFitTheToolAreABadRequestNamingTheProblem() {
		Waiting run = aRefundWaitingForApproval(this.people.inGroups(AccessGroups.OPERATORS));
		Person approver = this.people.inGroups(AccessGroups.APPROVERS);

		ResponseEntity<JsonNode> maybe = approver.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("decision", string("maybe"))));
		ResponseEntity<JsonNode> lots = approver.post("/engine-rest/task/" + run.task() + "/complete",
				Map.of("variables", Map.of("decision", string("approve"), "arguments",
						string("{\"orderId\": \"A-17\", \"amount\": \"lots\", \"reason\": \"x\"}"))));
		ResponseEntity<JsonNode> noJson = approver.post("/engine-rest/task/" + run.task() + "/submit-form",
				Map.of("variables", Map.of("decision", string("approve"), "arguments", string("amount: 120"))));

		assertThat(maybe.getStatusCode().value()).isEqualTo(400);
		assertThat(maybe.getBody().path("message").asText()).contains("'decision' must be 'approve'");
		assertThat(lots.getStatusCode().value()).isEqualTo(400);
		assertThat(lots.getBody().path("message").asText()).contains("The arguments do not fit tool 'issue_refund'",
				"$.amount");
		assertThat(noJson.getStatusCode().value()).isEqualTo(400);
		assertThat(noJson.getBody().path("message").asText()).contains("The arguments are no JSON");
		assertPending(run);
	}

	@Test
	void theRequesterCannotDecideNorChangeTheArgumentsNorStartAnApprovalOfTheirOwn() {
		Person requester = this.people.inGroups(AccessGroups.OPERATORS);
		Waiting run = aRefundWaitingForApproval(requester);
		String changed = "{\"orderId\": \"A-17\", \"amount\": 9000, \"reason\": \"x\"}";

		List<ResponseEntity<JsonNode>> attempts = List.of(
				requester.post("/engine-rest/task/" + run.task() + "/complete",
						Map.of("variables", Map.of("decision", string("approve")))),
				requester.post("/engine-rest/task/" + run.task() + "/claim", Map.of("userId", requester.id())),
				requester.put("/engine-rest/process-instance/" + run.approval() + "/variables/arguments",
						string(changed)),
				requester.put("/engine-rest/task/" + run.task() + "/variables/arguments", string(changed)));
		ResponseEntity<JsonNode> results = requester.put(
				"/engine-rest/process-instance/" + run.id() + "/variables/toolResults",
				Map.of("value", "{}", "type", "Json"));
		ResponseEntity<JsonNode> ownApproval = requester.post("/api/runs", Map.of("process", "tool-approval", "input",
				Map.of("toolCall", "any", "tool", "issue_refund", "arguments", changed, "argumentsHash", "0")));

		assertThat(attempts).allSatisfy(
				(response) -> assertThat(response.getStatusCode().value()).as(response.toString()).isIn(403, 404));
		assertThat(results.getStatusCode().value()).isIn(400, 403);
		assertThat(ownApproval.getStatusCode().is4xxClientError()).as(ownApproval.toString()).isTrue();
		assertPending(run);
		assertThat(this.runtime.getVariable(run.approval(), "arguments")).asString().contains("\"amount\": 250");
	}

	private static Map<String, Object> string(String value) {
		return Map.of("value", value, "type", "String");
	}

	private RawHttp.Response tasklist(Person person, String path, Object body) throws Exception {
		RawHttp http = new RawHttp(this.port);
		return WebappSession.login(http, person.id(), People.PASSWORD, "tasklist").postToEngine(http, path, body);
	}

	private Waiting aRefundWaitingForApproval(Person requester) {
		ResponseEntity<JsonNode> started = requester.post("/api/runs",
				Map.of("process", "refund-approval", "input", Map.of("task",
						"Order A-17 arrived broken. [call issue_refund {\"orderId\": \"A-17\", \"amount\": 250, "
								+ "\"reason\": \"broken\"}]")));
		assertThat(started.getStatusCode().value()).as(started.toString()).isEqualTo(201);
		String id = started.getBody().path("id").asText();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.runtime.createProcessInstanceQuery().superProcessInstanceId(id).count() == 1 && this.tasks
				.createTaskQuery()
				.processInstanceId(
						this.runtime.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId())
				.count() == 1);
		String approval = this.runtime.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId();
		return new Waiting(id, approval,
				this.tasks.createTaskQuery().processInstanceId(approval).singleResult().getId());
	}

	/** The task still waits and the call is undecided. */
	private void assertPending(Waiting run) {
		assertThat(this.tasks.createTaskQuery().taskId(run.task()).count()).isOne();
		JsonNode call = this.api.transcript(run.id()).get(0).path("toolCalls").get(0);
		assertThat(call.path("approval").path("status").asText()).isEqualTo("pending");
		assertThat(call.has("result")).isFalse();
	}

	/** A run whose tool call waits for approval. */
	private record Waiting(String id, String approval, String task) {
	}

}
