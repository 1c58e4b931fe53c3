package io.bpmnagents.pattern.router;

import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
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

class MultiAgentTaskProcessTest extends PatternProcessTest {

	@Autowired
	TranscriptStore transcript;

	@BeforeEach
	void scriptTheManager() {
		this.model.script("project-manager", (call) -> call.json()
				? "{\"assignments\": [{\"worker\": \"developer\", \"subtask\": \"Build it\"}]}" : "Managed result");
	}

	@ParameterizedTest
	@CsvSource({ "sequential, CallActivity_Sequential, 3, editor answer 1",
			"parallel, CallActivity_Parallel, 4, coordinator answer 1",
			"hierarchical, CallActivity_Hierarchical, 3, Managed result" })
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
	void theDefaultStrategyIsHierarchical() {
		RunView run = this.runs.start("multi-agent-task", Map.of("task", "Ship a feature"));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).hasPassed("CallActivity_Hierarchical");
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
			.hasMessageContaining("'strategy' must be one of hierarchical, parallel, sequential, not 'chaotic'");
	}

}
