package io.bpmnagents.pattern.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.worker.AgentTaskWorker;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;

/**
 * The router follows the reference's {@code ProductionMultiAgentSystem.run_task}:
 * hierarchical (the default) plans and runs the assignments one after another, parallel
 * plans and runs them at once, sequential chains every agent; fanout keeps the plan-less
 * fan-out under its own name.
 */
class MultiAgentTaskProcessTest extends PatternProcessTest {

	@Autowired
	TranscriptStore transcript;

	@Autowired
	AgentTaskWorker worker;

	/** How many worker tasks were open whenever a worker answered. */
	private final List<Long> openWorkerTasks = new ArrayList<>();

	@BeforeEach
	void scriptTheManagerAndTheWorkers() {
		this.model.script("project-manager",
				(call) -> call.json() ? "{\"assignments\": [{\"worker\": \"developer\", \"subtask\": \"Build it\"}, "
						+ "{\"worker\": \"tester\", \"subtask\": \"Test it\"}]}" : "Managed result");
		for (String worker : List.of("developer", "tester")) {
			this.model.script(worker, (call) -> {
				this.openWorkerTasks.add(this.engine.getExternalTaskService()
					.createExternalTaskQuery()
					.activityIdIn("Task_Work", "Task_WorkInTurn")
					.count());
				return worker + " did: " + call.prompt().substring(call.prompt().lastIndexOf(':') + 2);
			});
		}
	}

	@ParameterizedTest
	@CsvSource({ "sequential, CallActivity_Sequential, 3, editor answer 1",
			"parallel, CallActivity_Parallel, 4, Managed result",
			"hierarchical, CallActivity_Hierarchical, 4, Managed result",
			"fanout, CallActivity_Fanout, 4, coordinator answer 1" })
	void theStrategyPicksTheCalledProcessWhoseCallsBelongToTheRun(String strategy, String callActivity, int calls,
			String result) {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature", "strategy", strategy));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassedInOrder("Gateway_Strategy", callActivity, "EndEvent_ResultReady");
		assertThat(this.model.calls()).hasSize(calls);
		assertThat(this.transcript.forRun(run.id())).hasSize(calls);
		assertThat(this.runs.view(run.id()).output()).containsEntry("result", result);
	}

	@Test
	void givenHierarchicalWhenThePlanHasTwoAssignmentsThenTheyRunOneAfterAnotherAndTheReferenceResultsComeBack() {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature", "strategy", "hierarchical"));
		ProcessInstance instance = this.instance(run);
		this.worker.runAvailable();
		assertThat(instance).isWaitingAt("CallActivity_Hierarchical");
		ProcessInstance called = calledProcessInstance(instance);

		this.driver.runUntilQuiet();

		assertThat(called).hasPassedInOrder("Task_Plan", "Gateway_WorkerOrder", "Task_WorkInTurn", "Task_Synthesize")
			.hasNotPassed("Task_Work");
		assertThat(this.openWorkerTasks).containsExactly(1L, 1L);
		assertThat(this.model.calls()).extracting(FakeModel.Call::agent)
			.containsExactly("project-manager", "developer", "tester", "project-manager");
		Map<String, Object> output = this.runs.view(run.id()).output();
		assertThat(output).containsEntry("synthesis", "Managed result").containsEntry("result", "Managed result");
		assertThat(individualResults(output)).containsExactly(
				Map.of("agent", "developer", "task", "Build it", "result", "developer did: Build it"),
				Map.of("agent", "tester", "task", "Test it", "result", "tester did: Test it"));
	}

	@Test
	void givenParallelWhenThePlanHasTwoAssignmentsThenTheyAreOpenTogetherAndTheReferenceResultsComeBack() {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature", "strategy", "parallel"));
		this.worker.runAvailable();
		ProcessInstance called = calledProcessInstance(this.instance(run));

		this.driver.runUntilQuiet();

		assertThat(called).hasPassed("Task_Work").hasNotPassed("Task_WorkInTurn");
		assertThat(this.openWorkerTasks.get(0)).isEqualTo(2L);
		Map<String, Object> output = this.runs.view(run.id()).output();
		assertThat(output).containsEntry("synthesis", "Managed result");
		assertThat(individualResults(output)).extracting((entry) -> entry.get("agent"))
			.containsExactlyInAnyOrder("developer", "tester");
		assertThat(individualResults(output)).allSatisfy((entry) -> assertThat(entry).containsKeys("task", "result"));
	}

	@Test
	void givenSequentialThenEveryAgentTakesThePreviousOutputAndResultsAndFinalComeBack() {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature", "strategy", "sequential"));

		this.driver.runUntilQuiet();

		Map<String, Object> output = this.runs.view(run.id()).output();
		assertThat(output).containsEntry("final", "editor answer 1").containsEntry("result", "editor answer 1");
		assertThat(output.get("results")).asList()
			.containsExactly(Map.of("agent", "researcher", "result", "researcher answer 1"),
					Map.of("agent", "writer", "result", "writer answer 1"),
					Map.of("agent", "editor", "result", "editor answer 1"));
		assertThat(this.model.calls().get(1).prompt()).isEqualTo("researcher answer 1");
	}

	@Test
	void theDefaultStrategyIsHierarchical() {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature"));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).hasPassed("CallActivity_Hierarchical");
		assertThat(this.openWorkerTasks).containsOnly(1L);
	}

	@Test
	void aRunWhoseCalledProcessFailedIsFailed() {
		this.model.script("project-manager", (call) -> "not a plan");
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature", "strategy", "hierarchical"));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat((String) done.output().get("result")).startsWith("Planning failed");
	}

	@Test
	void anUnknownStrategyIsRefusedWhenTheRunStarts() {
		assertThatThrownBy(() -> this.runs.start("multi-agent-task", Map.of("task", "t", "strategy", "chaotic")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining(
					"'strategy' must be one of hierarchical, parallel, sequential, fanout, not 'chaotic'");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> individualResults(Map<String, Object> output) {
		return ((List<Map<String, Object>>) output.get("individual_results")).stream()
			.map((entry) -> Map.of("agent", entry.get("agent"), "task", entry.get("task"), "result",
					entry.get("result")))
			.toList();
	}

}
