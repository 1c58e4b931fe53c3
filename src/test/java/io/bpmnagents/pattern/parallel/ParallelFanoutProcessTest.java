package io.bpmnagents.pattern.parallel;

import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class ParallelFanoutProcessTest extends PatternProcessTest {

	@Test
	void allAgentsAreAskedAtOnceAndTheSynthesizerCombinesTheirAnswers() {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Design a caching layer"));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		// All three agent tasks exist before any answers: they are open together.
		assertThat(instance).isWaitingAt("Task_Answer");
		assertThat(this.engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.id()).count())
			.isEqualTo(3);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("StartEvent_TaskReceived", "Task_Answer", "Gateway_Synthesize", "Task_Synthesize",
					"EndEvent_ResultReady")
			.hasNotPassed("EndEvent_AnswersCollected");
		RunView done = this.runs.view(run.id());
		assertThat(done.output().get("contributions")).isEqualTo(Map.of("researcher", "researcher answer 1",
				"developer", "developer answer 1", "reviewer", "reviewer answer 1"));
		assertThat(done.output()).containsEntry("result", "coordinator answer 1");
		FakeModel.Call synthesis = this.model.callsOf("coordinator").get(0);
		assertThat(synthesis.prompt()).contains("Design a caching layer")
			.contains("researcher answer 1", "developer answer 1", "reviewer answer 1");
		this.model.callsOf("researcher")
			.forEach((call) -> assertThat(call.prompt()).isEqualTo("Design a caching layer"));
	}

	@Test
	void withoutASynthesizerTheRunIsABroadcastThatReturnsTheAnswers() {
		RunView run = this.runs.start("parallel-fanout",
				Map.of("task", "Which database?", "agents", List.of("developer", "tester"), "synthesizer", "none"));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_AnswersCollected").hasNotPassed("Task_Synthesize");
		assertThat(this.model.calls()).hasSize(2);
		RunView done = this.runs.view(run.id());
		assertThat(done.output()).doesNotContainKey("result");
		assertThat(done.output().get("contributions"))
			.isEqualTo(Map.of("developer", "developer answer 1", "tester", "tester answer 1"));
	}

	@Test
	void anUnknownSynthesizerIsRefusedBeforeTheRunStarts() {
		long before = this.runtime.createProcessInstanceQuery().processDefinitionKey("parallel-fanout").count();

		assertThatThrownBy(() -> this.runs.start("parallel-fanout", Map.of("task", "t", "synthesizer", "oracle")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("Unknown agent 'oracle'")
			.extracting((ex) -> ((InvalidInputException) ex).field())
			.isEqualTo("synthesizer");
		assertThat(this.runtime.createProcessInstanceQuery().processDefinitionKey("parallel-fanout").count())
			.isEqualTo(before);
	}

}
