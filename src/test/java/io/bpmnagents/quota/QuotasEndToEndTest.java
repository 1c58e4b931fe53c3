package io.bpmnagents.quota;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Quotas over HTTP against the simulator: a run that meets a spent quota fails saying
 * which and why, {@code GET /api/quotas} shows the use, each person the quotas that count
 * their runs, and Prometheus the same figures; a person's direct question to an agent
 * counts in the person's quota.
 */
@EndToEndTest
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:quota-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=quotaEndToEndTests", "camunda.bpm.webapp.enabled=false",
		"bpmn-agents.quotas[0].scope=process", "bpmn-agents.quotas[0].name=sequential-pipeline",
		"bpmn-agents.quotas[0].period=day", "bpmn-agents.quotas[0].max-calls=2", "bpmn-agents.quotas[1].scope=user",
		"bpmn-agents.quotas[1].name=" + ApiClient.USER, "bpmn-agents.quotas[1].period=month",
		"bpmn-agents.quotas[1].max-tokens=1000000", "bpmn-agents.quotas[2].scope=user",
		"bpmn-agents.quotas[2].name=someone-else", "bpmn-agents.quotas[2].period=day",
		"bpmn-agents.quotas[2].max-calls=5", "bpmn-agents.quotas[3].scope=process",
		"bpmn-agents.quotas[3].name=" + QuotasEndToEndTest.LIVE, "bpmn-agents.quotas[3].period=day",
		"bpmn-agents.quotas[3].max-calls=4" })
class QuotasEndToEndTest {

	/** A process of three agents whose quota allows four calls. */
	static final String LIVE = "quota-live";

	@Autowired
	ApiClient api;

	@Autowired
	People people;

	@LocalServerPort
	int port;

	@Test
	void aRunThatMeetsASpentQuotaFailsSayingWhichAndTheQuotasShowTheUse() {
		long before = adminCalls();
		String id = this.api.start("sequential-pipeline", Map.of("task", "Write about tides"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("endedBy").asText()).isEqualTo("quota");
		assertThat(run.path("endMessage").asText())
			.contains("Quota exhausted: process:sequential-pipeline:day reached its max-calls")
			.contains("No model call was made");
		assertThat(this.api.transcript(id)).hasSize(2);
		JsonNode quotas = this.api.get("/api/quotas").getBody();
		JsonNode process = byKey(quotas, "process:sequential-pipeline:day");
		assertThat(process.path("limit").path("calls").asLong()).isEqualTo(2);
		assertThat(process.path("used").path("calls").asLong()).isEqualTo(2);
		assertThat(process.path("reserved").path("calls").asLong()).isZero();
		assertThat(process.path("onExhausted").asText()).isEqualTo("error");
		JsonNode admin = byKey(quotas, "user:admin:month");
		assertThat(admin.path("used").path("calls").asLong() - before).isEqualTo(2);
		assertThat(admin.path("used").path("tokens").asLong()).isPositive();
		assertThat(admin.path("limit").path("tokens").asLong()).isEqualTo(1_000_000);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.http()
				.get()
				.uri("/actuator/prometheus")
				.retrieve()
				.body(String.class)
				.matches("(?s).*bpmn_agents_quota_used\\{kind=\"calls\",name=\"sequential-pipeline\"[^}]*\\} 2\\.0.*"));
	}

	@Test
	void anAdministratorSeesEveryQuotaAnOperatorTheOnesThatCountTheirRunsAndNobodyWithoutLogin() {
		People.Person operator = this.people.inGroups("operators");

		JsonNode all = this.api.get("/api/quotas").getBody();
		JsonNode theirs = operator.get("/api/quotas").getBody();
		int anonymous = RestClient.create("http://localhost:" + this.port)
			.get()
			.uri("/api/quotas")
			.exchange((request, response) -> response.getStatusCode().value());

		assertThat(keys(all)).containsExactly("process:sequential-pipeline:day", "user:admin:month",
				"user:someone-else:day", "process:quota-live:day");
		assertThat(keys(theirs)).containsExactly("process:sequential-pipeline:day", "process:quota-live:day");
		assertThat(anonymous).isEqualTo(401);
	}

	@Test
	void aDirectQuestionToAnAgentCountsInTheQuotaOfThePersonWhoAsks() {
		long before = adminCalls();

		int asked = this.api.post("/api/agents/writer/ask", Map.of("message", "One line on quotas"))
			.getStatusCode()
			.value();

		assertThat(asked).isEqualTo(200);
		assertThat(adminCalls() - before).as("calls counted in user:admin:month").isEqualTo(1);
	}

	@Test
	void aReplayThatGoesLiveReservesItsLiveCallsAndMeetsASpentQuotaWhileItsRecordedCallsCountNothing() {
		String xml = AgentTaskChains.xml(LIVE, Step.of("Task_Research", "researcher", "${task}", "research"),
				Step.of("Task_Write", "writer", "Write it up", "draft"),
				Step.of("Task_Edit", "editor", "Edit: ${draft}", "result"));
		assertThat(this.api.deploy(LIVE, Map.of(LIVE + ".bpmn", xml)).getStatusCode().value()).isEqualTo(200);
		String original = this.api.start(LIVE, Map.of("task", "Tides"));
		assertThat(this.api.awaitEnd(original).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(liveCalls()).as("the original's three calls").isEqualTo(3);

		// The writer's new system prompt: the researcher's call is replayed, the writer's
		// and the editor's would be live, but the quota has room for one more call only.
		ResponseEntity<JsonNode> started = this.api.post("/api/runs/" + original + "/replay",
				Map.of("goLive", true, "agents", Map.of("writer", Map.of("systemPrompt", "You write in haiku."))));
		// The process has no path for the error: the run stops at an incident that says
		// so.
		JsonNode replay = this.api.awaitIncident(started.getBody().path("id").asText());

		assertThat(replay.path("incidents").get(0).path("activityId").asText()).isEqualTo("Task_Edit");
		assertThat(replay.path("incidents").get(0).path("message").asText())
			.contains("Quota exhausted: process:quota-live:day reached its max-calls");
		assertThat(liveCalls()).as("the original's three and the writer's live call").isEqualTo(4);
		assertThat(byKey(this.api.get("/api/quotas").getBody(), "process:quota-live:day").path("reserved")
			.path("calls")
			.asLong()).isZero();
	}

	private long liveCalls() {
		return byKey(this.api.get("/api/quotas").getBody(), "process:" + LIVE + ":day").path("used")
			.path("calls")
			.asLong();
	}

	private long adminCalls() {
		return byKey(this.api.get("/api/quotas").getBody(), "user:admin:month").path("used").path("calls").asLong();
	}

	private static JsonNode byKey(JsonNode quotas, String key) {
		return StreamSupport.stream(quotas.spliterator(), false)
			.filter((quota) -> key.equals(quota.path("key").asText()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No quota " + key + " in " + quotas));
	}

	private static List<String> keys(JsonNode quotas) {
		return StreamSupport.stream(quotas.spliterator(), false).map((quota) -> quota.path("key").asText()).toList();
	}

}
