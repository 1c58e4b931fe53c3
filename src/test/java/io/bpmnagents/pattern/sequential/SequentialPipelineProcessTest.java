package io.bpmnagents.pattern.sequential;

import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class SequentialPipelineProcessTest extends PatternProcessTest {

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	TranscriptStore transcript;

	@Autowired
	HikariDataSource dataSource;

	@Test
	void defaultAgentsWorkInTurnEachOnThePreviousOutput() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write an article about AI agents"));
		ProcessInstance instance = instance(run);
		assertThat(instance).isWaitingAt("Task_Stage").externalTask().hasTopicName("agent-task");

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("StartEvent_TaskReceived", "Task_Stage", "Task_Stage", "Task_Stage",
					"EndEvent_ResultReady");
		List<FakeModel.Call> calls = this.model.calls();
		assertThat(calls).extracting(FakeModel.Call::agent).containsExactly("researcher", "writer", "editor");
		assertThat(calls.get(0).prompt()).isEqualTo("Write an article about AI agents");
		assertThat(calls.get(1).prompt()).isEqualTo("researcher answer 1");
		assertThat(calls.get(2).prompt()).isEqualTo("writer answer 1");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "editor answer 1");
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		// The reference's pipeline_results: each stage's output, in order.
		assertThat(this.runs.view(run.id()).output().get("pipeline_results")).asList()
			.containsExactly(Map.of("agent", "researcher", "result", "researcher answer 1"),
					Map.of("agent", "writer", "result", "writer answer 1"),
					Map.of("agent", "editor", "result", "editor answer 1"));
	}

	@Test
	void agentsInputPicksTheMembersAndTheirOrder() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Draft release notes", "agents", List.of("writer", "reviewer")));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.calls()).extracting(FakeModel.Call::agent).containsExactly("writer", "reviewer");
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", "reviewer answer 1");
	}

	@Test
	void anAgentsLaterCallCarriesItsEarlierExchangeInTheRun() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Outline a talk", "agents", List.of("writer", "editor", "writer")));

		this.driver.runUntilQuiet();

		List<FakeModel.Call> writerCalls = this.model.callsOf("writer");
		assertThat(writerCalls).hasSize(2);
		assertThat(writerCalls.get(0).messages()).hasSize(2);
		// system, the first exchange (user + assistant), then the new prompt
		assertThat(writerCalls.get(1).messages()).hasSize(4);
		assertThat(writerCalls.get(1).messages().get(1).toString()).contains("Outline a talk");
		assertThat(writerCalls.get(1).messages().get(2).toString()).contains("writer answer 1");
		assertThat(this.transcript.forRun(run.id()).get(2).contextMessages()).hasSize(4);
	}

	@Test
	void memoryBelongsToOneRun() {
		this.runs.start("sequential-pipeline", Map.of("task", "First run"));
		this.driver.runUntilQuiet();
		this.model.reset();

		this.runs.start("sequential-pipeline", Map.of("task", "Second run"));
		this.driver.runUntilQuiet();

		assertThat(this.model.calls()).allSatisfy((call) -> assertThat(call.messages()).hasSize(2));
	}

	@Test
	void aModelFailingPastItsRetriesBecomesAnIncidentAndARetryCompletesTheRun() {
		this.model.failNext("writer", 3);
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Summarize the quarter"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded().isWaitingAt("Task_Stage");
		RunView stuck = this.runs.view(run.id());
		assertThat(stuck.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(stuck.incidents()).singleElement().satisfies((incident) -> {
			assertThat(incident.activityId()).isEqualTo("Task_Stage");
			assertThat(incident.type()).isEqualTo("failedExternalTask");
			assertThat(incident.message()).contains("writer").contains("Simulated model failure");
		});
		assertThat(this.transcript.forRun(run.id())).filteredOn((call) -> call.agent().equals("writer"))
			.extracting((call) -> call.attempt())
			.containsExactly(1, 2, 3);

		// What Cockpit's "Retry" does for an external task incident.
		String taskId = this.externalTasks.createExternalTaskQuery().processInstanceId(run.id()).singleResult().getId();
		this.externalTasks.setRetries(taskId, 1);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(done.incidents()).isEmpty();
		assertThat(this.transcript.forRun(run.id())).filteredOn((call) -> call.agent().equals("writer"))
			.extracting((call) -> call.attempt())
			.containsExactly(1, 2, 3, 4);
	}

	@Test
	void aTemplateInTheTaskReachesTheModelAsTheSameText() {
		String task = "Explain ${execution.getProcessEngine().getName()} and #{1+1} and ${agents}";

		RunView run = this.runs.start("sequential-pipeline", Map.of("task", task, "agents", List.of("writer")));
		this.driver.runUntilQuiet();

		assertThat(this.model.calls()).singleElement().satisfies((call) -> assertThat(call.prompt()).isEqualTo(task));
		assertThat(this.transcript.forRun(run.id()).get(0).prompt()).isEqualTo(task);
	}

	@Test
	void aModelCallHoldsNeitherATransactionNorADatabaseConnection() {
		List<String> seen = new java.util.ArrayList<>();
		this.model.script("writer", (call) -> {
			seen.add("transaction=" + TransactionSynchronizationManager.isActualTransactionActive());
			seen.add("connections=" + this.dataSource.getHikariPoolMXBean().getActiveConnections());
			return "done";
		});

		this.runs.start("sequential-pipeline", Map.of("task", "Check resources", "agents", List.of("writer")));
		this.driver.runUntilQuiet();

		assertThat(seen).containsExactly("transaction=false", "connections=0");
	}

}
