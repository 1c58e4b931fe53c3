package io.bpmnagents.support;

/**
 * A small diagram as a modeller would draw it for structured output: one agent task with
 * an answer schema, and an error boundary event that catches {@code INVALID_ANSWER} and
 * ends on a failure path.
 */
public final class StructuredAnswerModels {

	/** An order with an item, a quantity of at least one and up to three tags. */
	public static final String ORDER_SCHEMA = """
			{"type": "object",
			 "properties": {"item": {"type": "string", "minLength": 1},
			                "quantity": {"type": "integer", "minimum": 1},
			                "tags": {"type": "array", "items": {"enum": ["urgent", "gift", "fragile"]}, "maxItems": 3}},
			 "required": ["item", "quantity"], "additionalProperties": false}""";

	private StructuredAnswerModels() {
	}

	/**
	 * @param schemaProperty the extension property that declares the schema, e.g.
	 * {@code <camunda:property name="answerSchema" value="…"/>}
	 */
	public static String orderIntake(String processId, String schemaProperty) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_OrderIntake" targetNamespace="http://example.com">
				  <bpmn:error id="Error_InvalidAnswer" name="Answer still invalid" errorCode="INVALID_ANSWER" />
				  <bpmn:process id="%s" name="Order intake" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="StartEvent_Received" name="Order mail received" />
				    <bpmn:serviceTask id="Task_Extract" name="Agent extracts the order" camunda:type="external" camunda:topic="agent-task">
				      <bpmn:extensionElements>
				        <camunda:properties>
				          <camunda:property name="agent" value="researcher" />
				          <camunda:property name="prompt" value="Extract the order from this mail: ${task}" />
				          <camunda:property name="resultVariable" value="order" />
				          %s
				        </camunda:properties>
				      </bpmn:extensionElements>
				    </bpmn:serviceTask>
				    <bpmn:boundaryEvent id="BoundaryEvent_Unreadable" name="Order unreadable" attachedToRef="Task_Extract">
				      <bpmn:errorEventDefinition id="ErrorDefinition_Unreadable" errorRef="Error_InvalidAnswer" camunda:errorMessageVariable="unreadableBecause" />
				    </bpmn:boundaryEvent>
				    <bpmn:endEvent id="EndEvent_Extracted" name="Order extracted" />
				    <bpmn:endEvent id="EndEvent_FailedExtraction" name="Order left to a person" />
				    <bpmn:sequenceFlow id="Flow_ToExtract" sourceRef="StartEvent_Received" targetRef="Task_Extract" />
				    <bpmn:sequenceFlow id="Flow_ToExtracted" sourceRef="Task_Extract" targetRef="EndEvent_Extracted" />
				    <bpmn:sequenceFlow id="Flow_ToFailed" sourceRef="BoundaryEvent_Unreadable" targetRef="EndEvent_FailedExtraction" />
				  </bpmn:process>
				</bpmn:definitions>
				"""
			.formatted(processId, schemaProperty);
	}

	/** The extension property that declares {@code schema} inline. */
	public static String inline(String schema) {
		return "<camunda:property name=\"answerSchema\" value=\""
				+ schema.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace("\n", "&#10;")
				+ "\" />";
	}

}
