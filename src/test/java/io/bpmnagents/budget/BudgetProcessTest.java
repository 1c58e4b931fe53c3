package io.bpmnagents.budget;

import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptEntry;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A run's budget, checked before each model call; an exhausted one is the BPMN error
 * BUDGET_EXHAUSTED, which ends a pattern FAILED or goes where a modeller's boundary event
 * sends it. The fake model reports 10 prompt and 5 completion tokens per call.
 */
class BudgetProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	TaskService tasks;

	@Test
	void whenTheCallsAreUsedUpTheRunFailsSayingWhichLimitAndTheUsage() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer", "editor"), "maxCalls", 2));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("StartEvent_EndedEarly").hasNotPassed("EndEvent_ResultReady");
		// The refused call was never made, so it is not in the transcript.
		assertThat(this.runs.transcript(run.id())).extracting(TranscriptEntry::agent)
			.containsExactly("researcher", "writer");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endedBy()).isEqualTo("budget");
		assertThat(done.endMessage()).contains("maxCalls of 2")
			.contains("2 model calls")
			.contains("30 tokens (20 prompt, 10 completion)");
		assertThat(done.output()).containsEntry("result", "writer answer 1");
		assertThat(done.usage().calls()).isEqualTo(2);
	}

	@Test
	void tokensCountPromptAndCompletionTogether() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer", "editor"), "maxTokens", 16));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(this.runs.transcript(run.id())).hasSize(2);
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endMessage()).contains("maxTokens of 16");
	}

	@Test
	void aRunWithinItsBudgetCompletes() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "maxCalls", 3, "maxTokens", 1000));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(done.endedBy()).isNull();
	}

	@Test
	void aConversationSaysItsBudgetEndedIt() {
		RunView run = this.runs.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "maxTurns", 10, "maxCalls", 3));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.output()).containsEntry("endedBy", "budget").containsEntry("turns", 3);
	}

	@Test
	void aSelectorGroupChatSaysItsBudgetEndedIt() {
		this.model.script("coordinator", (call) -> "{\"nextSpeaker\": \"writer\"}");
		RunView run = this.runs.start("selector-group-chat",
				Map.of("task", "Plan a launch", "maxTurns", 10, "maxCalls", 4));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		// Selector, writer, selector, writer: the third selection is refused.
		assertThat(instance).isEnded().hasPassed("StartEvent_EndedEarly").hasNotPassed("EndEvent_ConversationEnded");
		assertThat(this.runs.transcript(run.id())).extracting(TranscriptEntry::agent)
			.containsExactly("coordinator", "writer", "coordinator", "writer");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endedBy()).isEqualTo("budget");
		assertThat(done.endMessage()).contains("maxCalls of 4");
		assertThat(done.output()).containsEntry("endedBy", "budget").containsEntry("turns", 2);
	}

	@Test
	void aModellersBoundaryEventSendsAnExhaustedBudgetToAPerson() {
		String model = """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Budget" targetNamespace="test">
				  <bpmn:error id="Error_Budget" errorCode="BUDGET_EXHAUSTED" />
				  <bpmn:process id="budget-to-a-person" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="StartEvent_Task" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Task" targetRef="Task_Draft" />
				    <bpmn:serviceTask id="Task_Draft" camunda:type="external" camunda:topic="agent-task">
				      <bpmn:extensionElements><camunda:properties>
				        <camunda:property name="agent" value="writer" />
				        <camunda:property name="prompt" value="Draft: ${task}" />
				        <camunda:property name="resultVariable" value="draft" />
				      </camunda:properties></bpmn:extensionElements>
				    </bpmn:serviceTask>
				    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Draft" targetRef="Task_Polish" />
				    <bpmn:serviceTask id="Task_Polish" camunda:type="external" camunda:topic="agent-task">
				      <bpmn:extensionElements><camunda:properties>
				        <camunda:property name="agent" value="editor" />
				        <camunda:property name="prompt" value="Polish: ${draft}" />
				        <camunda:property name="resultVariable" value="result" />
				      </camunda:properties></bpmn:extensionElements>
				    </bpmn:serviceTask>
				    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Polish" targetRef="EndEvent_Done" />
				    <bpmn:endEvent id="EndEvent_Done" />
				    <bpmn:boundaryEvent id="BoundaryEvent_BudgetExhausted" attachedToRef="Task_Polish">
				      <bpmn:errorEventDefinition errorRef="Error_Budget" />
				    </bpmn:boundaryEvent>
				    <bpmn:sequenceFlow id="Flow_4" sourceRef="BoundaryEvent_BudgetExhausted" targetRef="UserTask_FinishByHand" />
				    <bpmn:userTask id="UserTask_FinishByHand" name="Finish by hand" />
				    <bpmn:sequenceFlow id="Flow_5" sourceRef="UserTask_FinishByHand" targetRef="EndEvent_FinishedByHand" />
				    <bpmn:endEvent id="EndEvent_FinishedByHand" />
				  </bpmn:process>
				</bpmn:definitions>
				""";
		this.repository.createDeployment().addString("budget-to-a-person.bpmn", model.strip()).deploy();

		ProcessInstance instance = this.runtime.startProcessInstanceByKey("budget-to-a-person",
				Map.of("task", "A note", "maxCalls", 1));
		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_FinishByHand").hasPassed("Task_Draft");
		assertThat(this.runs.transcript(instance.getId())).extracting(TranscriptEntry::agent).containsExactly("writer");
	}

	@Test
	void aProcessThatCatchesNoBudgetErrorGetsAnIncidentInsteadOfASilentEnd() {
		String model = """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Budget2" targetNamespace="test">
				  <bpmn:process id="budget-uncaught" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="StartEvent_Task" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Task" targetRef="Task_Draft" />
				    <bpmn:serviceTask id="Task_Draft" camunda:type="external" camunda:topic="agent-task">
				      <bpmn:extensionElements><camunda:properties>
				        <camunda:property name="agent" value="writer" />
				        <camunda:property name="prompt" value="Draft: ${task}" />
				        <camunda:property name="resultVariable" value="draft" />
				      </camunda:properties></bpmn:extensionElements>
				    </bpmn:serviceTask>
				    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Draft" targetRef="Task_Polish" />
				    <bpmn:serviceTask id="Task_Polish" camunda:type="external" camunda:topic="agent-task">
				      <bpmn:extensionElements><camunda:properties>
				        <camunda:property name="agent" value="editor" />
				        <camunda:property name="prompt" value="Polish: ${draft}" />
				        <camunda:property name="resultVariable" value="result" />
				      </camunda:properties></bpmn:extensionElements>
				    </bpmn:serviceTask>
				    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Polish" targetRef="EndEvent_Done" />
				    <bpmn:endEvent id="EndEvent_Done" />
				  </bpmn:process>
				</bpmn:definitions>
				""";
		this.repository.createDeployment().addString("budget-uncaught.bpmn", model.strip()).deploy();
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("budget-uncaught",
				Map.of("task", "A note", "maxCalls", 1));
		this.driver.runUntilQuiet();

		RunView run = this.runs.view(instance.getId());
		assertThat(instance).isNotEnded();
		assertThat(run.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(run.incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("Budget exhausted")
				.contains("maxCalls of 1"));
		assertThat(this.runs.transcript(instance.getId())).hasSize(1);
	}

	@Test
	void aNegativeOrZeroLimitIsRefusedNamingTheField() {
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxCost", -0.5)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxCost"));
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxCalls", 0)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxCalls"));
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxTokens", 2.5)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxTokens"));
	}

	@Test
	void aDeadlineThatIsNoDurationIsRefusedNamingTheField() {
		for (String wrong : List.of("ten minutes", "10", "P1M", "-PT5M", "PT0S")) {
			assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "deadline", wrong)))
				.as(wrong)
				.isInstanceOfSatisfying(InvalidInputException.class,
						(ex) -> assertThat(ex.field()).isEqualTo("deadline"));
		}
	}

}
