package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A looping agent raises the BPMN escalation AGENT_STALLED: an interrupting boundary
 * event (Camunda allows escalation boundary events on subprocesses, not on service tasks)
 * sends it to a person; where nothing catches it, the task is an incident.
 */
class StallProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Test
	void anAgentThatAsksForTheSameToolCallAgainAndAgainIsSentToAPerson() {
		researcherReadsTheSameNotesForever();
		ProcessInstance instance = start("stall-caught", true);

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_Decide").hasNotPassed("EndEvent_Answered");
		// Asked for the same call three times: two ran, the third was not run.
		assertThat(this.model.callsOf("researcher")).hasSize(3);
		assertThat(this.runtime.getVariable(instance.getId(), "stallReason")).asString()
			.contains("'workspace_read' with the same arguments 3 times");
	}

	@Test
	void aStallThatNothingCatchesIsAnIncident() {
		researcherReadsTheSameNotesForever();
		ProcessInstance instance = start("stall-uncaught", false);

		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded();
		assertThat(this.runs.view(instance.getId()).incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("AGENT_STALLED")
				.contains("same arguments 3 times"));
	}

	private ProcessInstance start(String key, boolean caught) {
		String boundary = caught ? """
				    <bpmn:boundaryEvent id="BoundaryEvent_Stalled" attachedToRef="SubProcess_Work">
				      <bpmn:escalationEventDefinition escalationRef="Escalation_Stalled" />
				    </bpmn:boundaryEvent>
				    <bpmn:sequenceFlow id="Flow_3" sourceRef="BoundaryEvent_Stalled" targetRef="UserTask_Decide" />
				    <bpmn:userTask id="UserTask_Decide" name="Decide how the agent goes on" />
				""" : "";
		String model = """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Stall" targetNamespace="test">
				  <bpmn:escalation id="Escalation_Stalled" escalationCode="AGENT_STALLED" />
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="StartEvent_Task" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="StartEvent_Task" targetRef="SubProcess_Work" />
				    <bpmn:subProcess id="SubProcess_Work">
				      <bpmn:startEvent id="StartEvent_Work" />
				      <bpmn:sequenceFlow id="Flow_W1" sourceRef="StartEvent_Work" targetRef="Task_Ask" />
				      <bpmn:serviceTask id="Task_Ask" camunda:type="external" camunda:topic="agent-task">
				        <bpmn:extensionElements><camunda:properties>
				          <camunda:property name="agent" value="researcher" />
				          <camunda:property name="prompt" value="${task}" />
				          <camunda:property name="resultVariable" value="result" />
				          <camunda:property name="tools" value="workspace_read" />
				        </camunda:properties></bpmn:extensionElements>
				      </bpmn:serviceTask>
				      <bpmn:sequenceFlow id="Flow_W2" sourceRef="Task_Ask" targetRef="EndEvent_Work" />
				      <bpmn:endEvent id="EndEvent_Work" />
				    </bpmn:subProcess>
				    <bpmn:sequenceFlow id="Flow_2" sourceRef="SubProcess_Work" targetRef="EndEvent_Answered" />
				    <bpmn:endEvent id="EndEvent_Answered" />
				%s
				  </bpmn:process>
				</bpmn:definitions>
				""".formatted(key, boundary);
		this.repository.createDeployment().addString(key + ".bpmn", model.strip()).deploy();
		return this.runtime.startProcessInstanceByKey(key, Map.of("task", "Read your notes"));
	}

	/**
	 * The researcher asks for the same tool call, with the same arguments, every time.
	 */
	private void researcherReadsTheSameNotesForever() {
		this.model.scriptMessage("researcher",
				(call) -> AiMessage.from(List.of(ToolExecutionRequest.builder()
					.id("c" + call.toolResults().size())
					.name("workspace_read")
					.arguments("{\"name\": \"notes\"}")
					.build())));
	}

}
