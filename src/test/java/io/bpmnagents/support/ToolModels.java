package io.bpmnagents.support;

/**
 * Small diagrams of one agent task, {@code Task_Ask}, that offers the researcher tools,
 * as a modeller would draw them; the prompt is the run's {@code task} and the answer goes
 * to {@code result}.
 */
public final class ToolModels {

	private static final String MODEL = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_%1$s" targetNamespace="http://bpmnagents.io/test">
			  <bpmn:process id="%1$s" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="Start" />
			    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Ask" />
			    <bpmn:serviceTask id="Task_Ask" name="Ask with tools" camunda:type="external" camunda:topic="agent-task">
			      <bpmn:extensionElements>
			        <camunda:properties>
			          <camunda:property name="agent" value="researcher" />
			          <camunda:property name="prompt" value="${task}" />
			          <camunda:property name="resultVariable" value="result" />
			          <camunda:property name="tools" value="%2$s" />
			        </camunda:properties>
			      </bpmn:extensionElements>
			    </bpmn:serviceTask>
			%3$s
			    <bpmn:endEvent id="End" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	private static final String STRAIGHT_TO_END = """
			<bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Ask" targetRef="End" />""";

	private static final String THEN_REVIEW = """
			<bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Ask" targetRef="Task_Review" />
			<bpmn:userTask id="Task_Review" name="A person reviews the answer" />
			<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Review" targetRef="End" />""";

	private ToolModels() {
	}

	/**
	 * Start, the agent task, end.
	 * @param tools the task's {@code tools} property, e.g.
	 * {@code "lookup_fact, ask_agent"}
	 */
	public static String askWithTools(String processId, String tools) {
		return MODEL.formatted(processId, tools, STRAIGHT_TO_END);
	}

	/** As {@link #askWithTools}, then a person's review: the run stays running there. */
	public static String askWithToolsThenReview(String processId, String tools) {
		return MODEL.formatted(processId, tools, THEN_REVIEW);
	}

}
