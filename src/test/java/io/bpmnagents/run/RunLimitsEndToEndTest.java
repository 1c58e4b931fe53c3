package io.bpmnagents.run;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deadlines, budgets and stopping a run, through {@code /api/runs} against the simulator
 * over real HTTP. The simulator's latency keeps a call in flight where a test needs one.
 */
class RunLimitsEndToEndTest extends EndToEndApiTest {

	@Autowired
	ManagementService management;

	@Test
	void aRunPastItsDeadlineEndsTimedOutAndItsLateCallIsDiscarded() {
		this.simulator.latency(Duration.ofSeconds(2));
		String id = this.api.start("sequential-pipeline", Map.of("task", "Write about tides", "deadline", "PT1S"));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.api.transcript(id).size() == 1);

		fireDueTimers(id);
		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("TIMED_OUT");
		assertThat(run.path("endedBy").asText()).isEqualTo("deadline");
		assertThat(run.path("endMessage").asText()).contains("PT1S");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.transcript(id).get(0).path("error").asText().contains("Answer discarded"));
		assertThat(this.api.transcript(id)).singleElement()
			.satisfies((call) -> assertThat(call.path("response").isMissingNode()).isTrue());
	}

	@Test
	void atTheDeadlineAnApproverIsAskedAndFinishesTheRunInTasklistsWay() {
		this.simulator.latency(Duration.ofSeconds(2));
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about tides", "deadline", "PT1S", "escalateTo", "approvers"));
		fireDueTimers(id);
		this.api.awaitUserTask(id);
		JsonNode task = this.api.run(id).path("userTasks").get(0);
		People.Person approver = this.people.inGroups("approvers");

		ResponseEntity<JsonNode> done = approver.post("/engine-rest/task/" + task.path("id").asText() + "/complete",
				Map.of("variables", Map.of("deadlineDecision", Map.of("value", "finish"))));

		assertThat(task.path("activityId").asText()).isEqualTo("UserTask_DecideOnLateRun");
		assertThat(done.getStatusCode().value()).isEqualTo(204);
		JsonNode run = this.api.awaitEnd(id);
		assertThat(run.path("status").asText()).isEqualTo("TIMED_OUT");
		assertThat(run.path("endMessage").asText()).contains("chose to finish");
	}

	@Test
	void aRunOverItsBudgetFailsSayingWhichLimitAndTheUsage() {
		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", "Write about tides", "budget", Map.of("maxCalls", 2)));

		assertThat(run.status()).isEqualTo("FAILED");
		assertThat(run.view().path("endedBy").asText()).isEqualTo("budget");
		assertThat(run.view().path("endMessage").asText()).contains("maxCalls of 2").contains("2 model calls");
		assertThat(run.view().path("usage").path("calls").asInt()).isEqualTo(2);
		assertThat(run.output().path("result").asText()).isNotBlank();
		assertThat(run.calls()).hasSize(2);
	}

	@Test
	void aConversationsOutputSaysWhetherThePhraseOrItsBudgetEndedIt() {
		String byPhrase = this.api.start("round-robin-conversation", Map.of("task", "Outline a launch plan"));
		String byBudget = this.api.start("round-robin-conversation",
				Map.of("task", "Outline a launch plan", "maxTokens", 1));

		JsonNode phrase = this.api.awaitEnd(byPhrase);
		JsonNode budget = this.api.awaitEnd(byBudget);

		assertThat(phrase.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(phrase.path("output").path("endedBy").asText()).isEqualTo("phrase");
		assertThat(budget.path("status").asText()).isEqualTo("FAILED");
		assertThat(budget.path("output").path("endedBy").asText()).isEqualTo("budget");
		assertThat(budget.path("output").path("turns").asInt()).isEqualTo(1);
		assertThat(budget.path("endMessage").asText()).contains("maxTokens of 1");
	}

	@Test
	void aCostBudgetIsCheckedBeforeTheFirstCall() {
		// The simulator's model has no llm.prices entry: its calls cost 0, so only a
		// budget of 0 is used up, before the first call.
		EndedRun run = this.api.runToEnd("sequential-pipeline", Map.of("task", "Write about tides", "maxCost", 0));

		assertThat(run.status()).isEqualTo("FAILED");
		assertThat(run.view().path("endMessage").asText()).contains("maxCost of 0").contains("0 model calls");
		assertThat(run.view().path("usage").path("calls").asInt()).isZero();
	}

	@Test
	void aRunningRunIsStoppedByItsStarterWithWhatItHasSoFar() {
		this.simulator.latency(Duration.ofSeconds(2));
		String id = this.api.start("sequential-pipeline", Map.of("task", "Write about tides"));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.api.transcript(id).size() == 1);

		ResponseEntity<JsonNode> stopped = this.api.post("/api/runs/" + id + "/stop", Map.of());

		assertThat(stopped.getStatusCode().value()).isEqualTo(200);
		assertThat(stopped.getBody().path("status").asText()).isEqualTo("STOPPED");
		assertThat(stopped.getBody().path("endMessage").asText()).startsWith("Stopped by admin");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.api.transcript(id).get(0).path("error").asText().contains("Answer discarded"));
		assertThat(this.api.transcript(id)).hasSize(1);
		assertThat(this.api.run(id).path("status").asText()).isEqualTo("STOPPED");
	}

	@Test
	void stoppingAnEndedOrUnknownRunIsRefused() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Short", "agents", List.of("researcher")));
		this.api.awaitEnd(id);

		ResponseEntity<JsonNode> ended = this.api.post("/api/runs/" + id + "/stop", Map.of());
		ResponseEntity<JsonNode> unknown = this.api.post("/api/runs/no-such-run/stop", Map.of());

		assertThat(ended.getStatusCode().value()).isEqualTo(409);
		assertThat(ended.getHeaders().getContentType().toString()).contains("problem+json");
		assertThat(ended.getBody().path("title").asText()).isEqualTo("Run is not running");
		assertThat(ended.getBody().path("detail").asText()).contains("already ended (status COMPLETED)");
		assertThat(unknown.getStatusCode().value()).isEqualTo(404);
		assertThat(unknown.getHeaders().getContentType().toString()).contains("problem+json");
	}

	@Test
	void anApproverWhoSeesTheRunMayNotStopItButAnOperatorMay() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Short", "agents", List.of("researcher"), "requireApproval", true));
		this.api.awaitUserTask(id);
		People.Person approver = this.people.inGroups("approvers");
		People.Person operator = this.people.inGroups("operators");
		People.Person nobody = this.people.inGroups();

		assertThat(approver.get("/api/runs/" + id).getStatusCode().value()).isEqualTo(200);

		ResponseEntity<JsonNode> byApprover = approver.post("/api/runs/" + id + "/stop", Map.of());
		ResponseEntity<JsonNode> byNobody = nobody.post("/api/runs/" + id + "/stop", Map.of());
		assertThat(this.api.run(id).path("status").asText()).isEqualTo("RUNNING");
		ResponseEntity<JsonNode> byOperator = operator.post("/api/runs/" + id + "/stop", Map.of());

		assertThat(byApprover.getStatusCode().value()).isEqualTo(403);
		assertThat(byApprover.getHeaders().getContentType().toString()).contains("problem+json");
		assertThat(byApprover.getBody().path("detail").asText()).contains("may not stop run");
		assertThat(byNobody.getStatusCode().value()).isEqualTo(404);
		assertThat(byOperator.getStatusCode().value()).isEqualTo(200);
		assertThat(byOperator.getBody().path("status").asText()).isEqualTo("STOPPED");
		assertThat(byOperator.getBody().path("userTasks")).isEmpty();
	}

	@Test
	void badLimitsAreRefusedNamingTheField() {
		assertRefused(Map.of("task", "T", "deadline", "ten minutes"), "deadline", "ISO-8601 duration");
		assertRefused(Map.of("task", "T", "deadline", "PT10M", "escalateTo", "no-such-team"), "escalateTo",
				"neither a user nor a group");
		assertRefused(Map.of("task", "T", "maxCalls", -1), "maxCalls", "at least 1");
		assertRefused(Map.of("task", "T", "budget", Map.of("maxCost", -0.5)), "maxCost", "at least 0");
		assertRefused(Map.of("task", "T", "budget", Map.of("maxDollars", 5)), "budget", "budget.maxDollars");
		assertRefused(Map.of("task", "T", "budget", "lots"), "budget", "must be an object");
	}

	private void assertRefused(Map<String, Object> input, String field, String detail) {
		ResponseEntity<JsonNode> response = this.api.post("/api/runs",
				Map.of("process", "sequential-pipeline", "input", input));
		assertThat(response.getStatusCode().value()).as("%s", input).isEqualTo(400);
		assertThat(response.getHeaders().getContentType().toString()).contains("problem+json");
		assertThat(response.getBody().path("field").asText()).isEqualTo(field);
		assertThat(response.getBody().path("detail").asText()).contains(detail);
	}

	/**
	 * Fires the run's timers once due, as the job executor would on its next round (which
	 * may be a minute away when it has been idle).
	 */
	private void fireDueTimers(String id) {
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.management.createJobQuery()
				.processInstanceId(id)
				.timers()
				.duedateLowerThan(new Date())
				.count() > 0);
		for (Job job : this.management.createJobQuery()
			.processInstanceId(id)
			.timers()
			.duedateLowerThan(new Date())
			.list()) {
			try {
				this.management.executeJob(job.getId());
			}
			catch (ProcessEngineException ex) {
				// the job executor fired it first
			}
		}
	}

}
