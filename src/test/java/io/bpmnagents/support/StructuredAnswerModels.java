package io.bpmnagents.support;

import io.bpmnagents.support.AgentTaskChains.Step;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;

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
	 * The order intake whose broken answers a boundary event sends to a failure end.
	 * @param schemaProperty the extension property that declares the schema:
	 * {@code answerSchema} (the schema itself) or {@code answerSchemaResource} (a file of
	 * the deployment)
	 */
	public static String orderIntake(String processId, String schemaProperty, String schema) {
		return Bpmn.convertToString(extract(processId, schemaProperty, schema).endEvent("EndEvent_Extracted")
			.name("Order extracted")
			.moveToActivity("Task_Extract")
			.boundaryEvent("BoundaryEvent_Unreadable")
			.name("Order unreadable")
			.errorEventDefinition()
			.error("INVALID_ANSWER")
			.errorMessageVariable("unreadableBecause")
			.errorEventDefinitionDone()
			.endEvent("EndEvent_FailedExtraction")
			.name("Order left to a person")
			.done());
	}

	/** The order intake without the boundary event: nothing catches a broken answer. */
	public static String orderIntakeUncaught(String processId, String schemaProperty, String schema) {
		return Bpmn.convertToString(extract(processId, schemaProperty, schema).endEvent("EndEvent_Extracted")
			.name("Order extracted")
			.done());
	}

	private static AbstractFlowNodeBuilder<?, ?> extract(String processId, String schemaProperty, String schema) {
		return AgentTaskChains.chain(processId,
				Step.of("Task_Extract", "researcher", "Extract the order from this mail: ${task}", "order")
					.with(schemaProperty, schema));
	}

}
