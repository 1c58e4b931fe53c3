package io.bpmnagents.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.McpClients;
import io.bpmnagents.support.People;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A quota with {@code on-exhausted: ask} over HTTP against the simulator: the run waits
 * while an administrator is asked in Tasklist; an approver may not decide, a negative
 * amount is a form error, an administrator's allowance lets the run finish, and
 * {@code GET /api/quotas} shows who allowed how much; each waiting run's transcript shows
 * its held calls where they were held, with the decision (an allowance, or a refusal),
 * and so do its transcript over MCP and an evaluation's case of it.
 */
@EndToEndTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:quota-ask-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=quotaAskEndToEndTests", "camunda.bpm.webapp.enabled=false",
		"bpmn-agents.quotas[0].scope=process", "bpmn-agents.quotas[0].name=sequential-pipeline",
		"bpmn-agents.quotas[0].period=day", "bpmn-agents.quotas[0].max-calls=1",
		"bpmn-agents.quotas[0].on-exhausted=ask", "bpmn-agents.quotas[1].scope=process",
		"bpmn-agents.quotas[1].name=parallel-fanout", "bpmn-agents.quotas[1].period=day",
		"bpmn-agents.quotas[1].max-calls=1", "bpmn-agents.quotas[1].on-exhausted=ask",
		"bpmn-agents.quotas[2].scope=process", "bpmn-agents.quotas[2].name=routing", "bpmn-agents.quotas[2].period=day",
		"bpmn-agents.quotas[2].max-calls=1", "bpmn-agents.quotas[2].on-exhausted=ask",
		"bpmn-agents.quota-requests.check-every=PT0.5S" })
class QuotaRequestsEndToEndTest {

	private static final String QUOTA = "process:sequential-pipeline:day";

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@Test
	void aRunWaitsForAnAdministratorWhoAllowsMoreAndTheQuotasShowTheDecision() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Write about tides"));
		String task = awaitRequestTask("sequential-pipeline");
		JsonNode waiting = this.api.run(id);
		assertThat(waiting.path("status").asText()).isEqualTo("RUNNING");
		assertThat(waiting.path("incidents")).isEmpty();
		String requestInstance = requestTasks("sequential-pipeline").get(0).path("processInstanceId").asText();
		assertThat(this.api.get("/api/runs?process=" + QuotaRequests.PROCESS_KEY).getBody().path("total").asLong())
			.as("a quota request is no run")
			.isZero();
		ResponseEntity<JsonNode> requestAsRun = this.api.get("/api/runs/" + requestInstance);
		assertThat(requestAsRun.getStatusCode().value()).isEqualTo(404);
		assertThat(requestAsRun.getBody().path("detail").asText()).contains("GET /api/quotas");
		JsonNode pending = awaitHeld(id, 1).get(0).path("quota");
		assertThat(pending.path("quota").asText()).isEqualTo(QUOTA);
		assertThat(pending.path("status").asText()).isEqualTo("pending");
		assertThat(pending.has("decidedBy")).isFalse();

		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		ResponseEntity<JsonNode> notAnAdministrator = approver.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", 5));
		// (an id may not start with the group name camunda-admin: made in operators
		// first)
		People.Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);
		ResponseEntity<JsonNode> negative = administrator.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", -2));
		ResponseEntity<JsonNode> allowed = administrator.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", 5, "The tides article is due today"));

		assertThat(notAnAdministrator.getStatusCode().value()).isEqualTo(403);
		assertThat(negative.getStatusCode().value()).isEqualTo(400);
		assertThat(negative.getBody().path("message").asText()).contains("'moreCalls' must be a whole number");
		assertThat(allowed.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		List<JsonNode> transcript = this.api.transcript(id);
		assertThat(transcript)
			.extracting((entry) -> entry.path("agent").asText() + ":"
					+ (entry.has("quota") ? entry.path("quota").path("status").asText() : "call"))
			.containsExactly("researcher:call", "writer:allowed", "writer:call", "editor:call");
		JsonNode hold = transcript.get(1);
		assertThat(hold.path("activityId").asText()).isEqualTo("Task_Stage");
		assertThat(hold.has("model")).isFalse();
		assertThat(hold.path("quota").path("moreCalls").asLong()).isEqualTo(5);
		assertThat(hold.path("quota").path("decidedBy").asText()).isEqualTo(administrator.id());
		assertThat(hold.path("quota").path("reason").asText()).isEqualTo("The tides article is due today");
		assertThat(hold.path("endedAt").asText()).isEqualTo(hold.path("quota").path("decidedAt").asText());
		JsonNode quota = this.api.get("/api/quotas").getBody().get(0);
		assertThat(quota.path("key").asText()).isEqualTo(QUOTA);
		assertThat(quota.path("onExhausted").asText()).isEqualTo("ask");
		assertThat(quota.path("limit").path("calls").asLong()).isEqualTo(6);
		assertThat(quota.path("allowedMore").path("calls").asLong()).isEqualTo(5);
		assertThat(quota.path("raisedBy").asText()).isEqualTo(administrator.id());
		JsonNode request = quota.path("requests").get(0);
		assertThat(request.path("runId").asText()).isEqualTo(id);
		assertThat(request.path("decision").asText()).isEqualTo("allow");
		assertThat(request.path("decidedBy").asText()).isEqualTo(administrator.id());
		assertThat(request.path("allowed").path("calls").asLong()).isEqualTo(5);
		JsonNode seenByOperator = this.people.inGroups(AccessGroups.OPERATORS).get("/api/quotas").getBody().get(0);
		assertThat(seenByOperator.path("allowedMore").path("calls").asLong()).isEqualTo(5);
		assertThat(seenByOperator.path("requests")).isEmpty();
	}

	@Test
	void aRefusalEndsTheWaitingCallsAndEachHeldCallInTheTranscriptShowsIt() {
		String id = this.api.start("parallel-fanout", Map.of("task", "Plan the harbour festival"));
		String task = awaitRequestTask("parallel-fanout");
		// Three agents ask at once: one call fits the quota, the two others wait for the
		// same request.
		awaitHeld(id, 2);
		People.Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);

		ResponseEntity<JsonNode> refused = administrator.post("/engine-rest/task/" + task + "/submit-form",
				Map.of("variables", Map.of("decision", Map.of("value", "refuse", "type", "String"), "reason",
						Map.of("value", "No festival budget this month", "type", "String"))));

		assertThat(refused.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("FAILED");
		List<JsonNode> held = held(id);
		assertThat(held).hasSize(2).allSatisfy((entry) -> {
			JsonNode hold = entry.path("quota");
			assertThat(hold.path("quota").asText()).isEqualTo("process:parallel-fanout:day");
			assertThat(hold.path("status").asText()).isEqualTo("refused");
			assertThat(hold.path("decidedBy").asText()).isEqualTo(administrator.id());
			assertThat(hold.path("reason").asText()).isEqualTo("No festival budget this month");
			assertThat(hold.has("moreCalls")).isFalse();
		});
		assertThat(held).extracting((entry) -> entry.path("agent").asText()).doesNotHaveDuplicates();
		assertThat(this.api.transcript(id)).filteredOn((entry) -> entry.has("model")).hasSize(1);
	}

	@Test
	void theTranscriptOverMcpAndAnEvaluationsCaseShowTheHeldCallsAsTheTranscriptDoes() throws Exception {
		String id = this.api.start("routing", Map.of("task", "Which harbour suits a small boat?"));
		String task = awaitRequestTask("routing");
		People.Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);
		assertThat(administrator.post("/engine-rest/task/" + task + "/submit-form", decision("allow", 5))
			.getStatusCode()
			.value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
		List<JsonNode> held = held(id);
		assertThat(held).singleElement()
			.satisfies((entry) -> assertThat(entry.path("quota").path("status").asText()).isEqualTo("allowed"));

		McpSyncClient client = McpClients.connect(this.port, administrator.id(), People.PASSWORD, (progress) -> {
		});
		String overMcp;
		try {
			overMcp = ((TextResourceContents) client
				.readResource(new ReadResourceRequest("bpmn-agents://runs/" + id + "/transcript"))
				.contents()
				.get(0)).text();
		}
		finally {
			client.closeGracefully();
		}
		ResponseEntity<JsonNode> evaluation = this.api.post("/api/evaluations",
				Map.of("runs", List.of(id), "target", Map.of("process", "routing")));
		String evaluationId = evaluation.getBody().path("id").asText();
		assertThat(this.api.awaitEnd(evaluationId).path("status").asText()).isEqualTo("COMPLETED");
		JsonNode compared = this.api.get("/api/evaluations/" + evaluationId).getBody().path("cases").get(0);

		assertThat(StreamSupport.stream(JSON.readTree(overMcp).spliterator(), false)
			.filter((entry) -> entry.has("quota"))
			.map((entry) -> entry.path("quota"))
			.toList()).containsExactly(held.get(0).path("quota"));
		assertThat(compared.path("quotaHolds")).singleElement().satisfies((entry) -> {
			assertThat(entry.path("runId").asText()).isEqualTo(id);
			assertThat(entry.path("activityId").asText()).isEqualTo(held.get(0).path("activityId").asText());
			assertThat(entry.path("quota")).isEqualTo(held.get(0).path("quota"));
		});
	}

	private String awaitRequestTask(String process) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> requestTasks(process).size() == 1);
		return requestTasks(process).get(0).path("id").asText();
	}

	/** The open request tasks asking for more of the process's quota. */
	private List<JsonNode> requestTasks(String process) {
		List<JsonNode> tasks = new ArrayList<>();
		this.api.get("/engine-rest/task?processDefinitionKey=" + QuotaRequests.PROCESS_KEY)
			.getBody()
			.forEach((task) -> {
				JsonNode quota = this.api.get("/engine-rest/task/" + task.path("id").asText() + "/variables/quota")
					.getBody();
				if (quota.path("value").asText().equals("process:" + process + ":day")) {
					tasks.add(task);
				}
			});
		return tasks;
	}

	private List<JsonNode> awaitHeld(String runId, int count) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> held(runId).size() == count);
		return held(runId);
	}

	private List<JsonNode> held(String runId) {
		return this.api.transcript(runId).stream().filter((entry) -> entry.has("quota")).toList();
	}

	private static Map<String, Object> decision(String choice, long moreCalls) {
		return Map.of("variables", Map.of("decision", Map.of("value", choice, "type", "String"), "moreCalls",
				Map.of("value", moreCalls, "type", "Long")));
	}

	private static Map<String, Object> decision(String choice, long moreCalls, String reason) {
		return Map.of("variables", Map.of("decision", Map.of("value", choice, "type", "String"), "moreCalls",
				Map.of("value", moreCalls, "type", "Long"), "reason", Map.of("value", reason, "type", "String")));
	}

}
