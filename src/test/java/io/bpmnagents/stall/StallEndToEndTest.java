package io.bpmnagents.stall;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A looping agent over HTTP against the simulator, told to call the same tool with the
 * same arguments whatever it gets back: the run raises AGENT_STALLED and waits for a
 * person.
 */
@EndToEndTest
class StallEndToEndTest {

	private static final String MODEL = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Loop" targetNamespace="test">
			  <bpmn:escalation id="Escalation_Stalled" name="Agent stalled" escalationCode="AGENT_STALLED" />
			  <bpmn:process id="looping-agent" name="Looping agent" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="StartEvent_Task" name="Task given" />
			    <bpmn:sequenceFlow id="Flow_ToWork" sourceRef="StartEvent_Task" targetRef="SubProcess_Work" />
			    <bpmn:subProcess id="SubProcess_Work" name="Agent works">
			      <bpmn:startEvent id="StartEvent_Work" name="Work starts" />
			      <bpmn:sequenceFlow id="Flow_ToAsk" sourceRef="StartEvent_Work" targetRef="Task_Ask" />
			      <bpmn:serviceTask id="Task_Ask" name="Agent reads its notes" camunda:type="external" camunda:topic="agent-task">
			        <bpmn:extensionElements><camunda:properties>
			          <camunda:property name="agent" value="researcher" />
			          <camunda:property name="prompt" value="${task}" />
			          <camunda:property name="resultVariable" value="result" />
			          <camunda:property name="tools" value="workspace_read" />
			        </camunda:properties></bpmn:extensionElements>
			      </bpmn:serviceTask>
			      <bpmn:sequenceFlow id="Flow_ToWorkDone" sourceRef="Task_Ask" targetRef="EndEvent_WorkDone" />
			      <bpmn:endEvent id="EndEvent_WorkDone" name="Work done" />
			    </bpmn:subProcess>
			    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="SubProcess_Work" targetRef="EndEvent_Done" />
			    <bpmn:endEvent id="EndEvent_Done" name="Answered" />
			    <bpmn:boundaryEvent id="BoundaryEvent_Stalled" name="Agent stalled" attachedToRef="SubProcess_Work">
			      <bpmn:escalationEventDefinition escalationRef="Escalation_Stalled" />
			    </bpmn:boundaryEvent>
			    <bpmn:sequenceFlow id="Flow_ToDecide" sourceRef="BoundaryEvent_Stalled" targetRef="UserTask_Decide" />
			    <bpmn:userTask id="UserTask_Decide" name="Decide how the agent goes on" />
			    <bpmn:sequenceFlow id="Flow_ToDecided" sourceRef="UserTask_Decide" targetRef="EndEvent_Decided" />
			    <bpmn:endEvent id="EndEvent_Decided" name="Decided" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	@Autowired
	ApiClient api;

	@Autowired
	Simulator simulator;

	@AfterEach
	void stopLooping() {
		this.simulator.loopToolCalls(false);
	}

	@Test
	void anAgentThatCallsTheSameToolAgainAndAgainIsRaisedToAPerson() {
		assertThat(this.api.deploy("looping-agent", Map.of("looping-agent.bpmn", MODEL)).getStatusCode().value())
			.isEqualTo(200);
		this.simulator.loopToolCalls(true);

		String id = this.api.start("looping-agent", Map.of("task", "Read your notes on tides"));

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.run(id).path("userTasks").size() > 0);
		JsonNode run = this.api.run(id);
		assertThat(run.path("status").asText()).isEqualTo("RUNNING");
		assertThat(run.path("incidents")).isEmpty();
		assertThat(run.path("userTasks").get(0).path("activityId").asText()).isEqualTo("UserTask_Decide");
		// Three model calls asked for the same call; the third request was not run.
		JsonNode transcript = this.api.get("/api/runs/" + id + "/transcript").getBody();
		assertThat(transcript).hasSize(3);
		assertThat(transcript.get(2).path("toolCalls").get(0).has("result")).isFalse();
		assertThat(transcript.get(1).path("toolCalls").get(0).path("tool").asText()).isEqualTo("workspace_read");
	}

}
