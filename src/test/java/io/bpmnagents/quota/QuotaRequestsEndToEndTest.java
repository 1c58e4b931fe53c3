package io.bpmnagents.quota;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A quota with {@code on-exhausted: ask} over HTTP against the simulator: the run waits
 * while an administrator is asked in Tasklist; an approver may not decide, a negative
 * amount is a form error, an administrator's allowance lets the run finish, and
 * {@code GET /api/quotas} shows who allowed how much.
 */
@EndToEndTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:quota-ask-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=quotaAskEndToEndTests", "camunda.bpm.webapp.enabled=false",
		"bpmn-agents.quotas[0].scope=process", "bpmn-agents.quotas[0].name=sequential-pipeline",
		"bpmn-agents.quotas[0].period=day", "bpmn-agents.quotas[0].max-calls=1",
		"bpmn-agents.quotas[0].on-exhausted=ask", "bpmn-agents.quota-requests.check-every=PT0.5S" })
class QuotaRequestsEndToEndTest {

	private static final String QUOTA = "process:sequential-pipeline:day";

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@Test
	void aRunWaitsForAnAdministratorWhoAllowsMoreAndTheQuotasShowTheDecision() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Write about tides"));
		String task = awaitRequestTask();
		JsonNode waiting = this.api.run(id);
		assertThat(waiting.path("status").asText()).isEqualTo("RUNNING");
		assertThat(waiting.path("incidents")).isEmpty();

		People.Person approver = this.people.inGroups(AccessGroups.APPROVERS);
		ResponseEntity<JsonNode> notAnAdministrator = approver.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", 5));
		// (an id may not start with the group name camunda-admin: made in operators
		// first)
		People.Person administrator = this.people.inGroups(AccessGroups.OPERATORS, AccessGroups.ADMINISTRATORS);
		ResponseEntity<JsonNode> negative = administrator.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", -2));
		ResponseEntity<JsonNode> allowed = administrator.post("/engine-rest/task/" + task + "/submit-form",
				decision("allow", 5));

		assertThat(notAnAdministrator.getStatusCode().value()).isEqualTo(403);
		assertThat(negative.getStatusCode().value()).isEqualTo(400);
		assertThat(negative.getBody().path("message").asText()).contains("'moreCalls' must be a whole number");
		assertThat(allowed.getStatusCode().value()).isEqualTo(204);
		assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED");
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

	private String awaitRequestTask() {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> requestTasks().size() == 1);
		return requestTasks().get(0).path("id").asText();
	}

	private JsonNode requestTasks() {
		return this.api.get("/engine-rest/task?processDefinitionKey=" + QuotaRequests.PROCESS_KEY).getBody();
	}

	private static Map<String, Object> decision(String choice, long moreCalls) {
		return Map.of("variables", Map.of("decision", Map.of("value", choice, "type", "String"), "moreCalls",
				Map.of("value", moreCalls, "type", "Long")));
	}

}
