package io.bpmnagents.mcpserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InputField;
import io.bpmnagents.contract.InputType;
import io.bpmnagents.contract.ProcessContract;
import io.bpmnagents.run.RunView;

/**
 * The JSON Schemas of a process's tool, read from its contract: the input from its start
 * form (types, required fields, defaults, listed values, ranges), the result from its
 * declared outputs. A process that declares no inputs takes any object, as
 * {@code POST /api/runs} does.
 */
final class ToolSchemas {

	/** How long a call may wait for the run to end, in seconds (an argument). */
	static final String WAIT = "_waitSeconds";

	/** The run's business key (an argument), as {@code POST /api/runs} takes it. */
	static final String BUSINESS_KEY = "_businessKey";

	private ToolSchemas() {
	}

	static Map<String, Object> input(ProcessContract contract, List<String> agents, int maxLoop, long maxWait) {
		Map<String, Object> properties = new LinkedHashMap<>();
		List<String> required = new ArrayList<>();
		for (InputField field : contract.inputs()) {
			properties.put(field.name(), field(field, agents, maxLoop));
			if (field.required() && field.defaultValue() == null) {
				required.add(field.name());
			}
		}
		properties.put(WAIT, Map.of("type", "integer", "minimum", 0, "maximum", maxWait, "description",
				"How long to wait for the run to end before answering with its id and status (seconds)."));
		properties.put(BUSINESS_KEY, Map.of("type", "string", "description",
				"The run's business key; without one the app makes a readable one."));
		Map<String, Object> schema = new LinkedHashMap<>();
		schema.put("type", "object");
		schema.put("properties", properties);
		if (!required.isEmpty()) {
			schema.put("required", required);
		}
		return schema;
	}

	private static Map<String, Object> field(InputField field, List<String> agents, int maxLoop) {
		Map<String, Object> schema = new LinkedHashMap<>();
		List<String> agentNames = new ArrayList<>(agents);
		agentNames.addAll(field.alsoAllowed());
		switch (field.type()) {
			case NUMBER, LOOP_COUNT -> {
				schema.put("type", field.whole() ? "integer" : "number");
				Double min = field.min();
				Double max = field.max();
				if (field.type() == InputType.LOOP_COUNT) {
					min = (min != null) ? Math.max(min, 1) : 1;
					max = (max == null || max > maxLoop) ? (double) maxLoop : max;
				}
				if (min != null) {
					schema.put("minimum", min);
				}
				if (max != null) {
					schema.put("maximum", max);
				}
			}
			case FLAG -> schema.put("type", "boolean");
			case CHOICE -> {
				schema.put("type", "string");
				schema.put("enum", field.values());
			}
			case AGENT -> {
				schema.put("type", "string");
				schema.put("enum", agentNames);
			}
			case AGENTS, CHOICES -> {
				schema.put("type", "array");
				List<String> values = (field.type() == InputType.AGENTS) ? agentNames : field.values();
				schema.put("items",
						values.isEmpty() ? Map.of("type", "string") : Map.of("type", "string", "enum", values));
				if (field.type() == InputType.AGENTS) {
					schema.put("minItems", 1);
				}
			}
			default -> schema.put("type", "string");
		}
		schema.put("description", field.label() + ": " + field.type().expected() + ".");
		if (field.defaultValue() != null) {
			schema.put("default", field.defaultValue());
		}
		return schema;
	}

	/**
	 * A run as a tool answers it: always its id and status, its outputs (the declared
	 * ones, when there are), who it waits for, and what ended it.
	 */
	static Map<String, Object> run(List<String> outputs) {
		Map<String, Object> outputProperties = new LinkedHashMap<>();
		outputs
			.forEach((name) -> outputProperties.put(name, Map.of("description", "The run's output '" + name + "'.")));
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("runId", Map.of("type", "string"));
		properties.put("businessKey", Map.of("type", "string"));
		properties.put("process", Map.of("type", "string"));
		properties.put("status", Map.of("type", "string", "enum",
				java.util.Arrays.stream(RunView.Status.values()).map(Enum::name).toList()));
		properties.put("outputs", outputProperties.isEmpty() ? Map.of("type", "object")
				: Map.of("type", "object", "properties", outputProperties));
		properties.put("waitingFor", Map.of("type", "array", "description",
				"The tasks the run waits for a person in: who is asked and since when."));
		properties.put("incidents", Map.of("type", "array"));
		properties.put("endedBy", Map.of("type", "string"));
		properties.put("endMessage", Map.of("type", "string"));
		properties.put("startedAt", Map.of("type", "string"));
		properties.put("endedAt", Map.of("type", "string"));
		properties.put("usage", Map.of("type", "object"));
		return Map.of("type", "object", "properties", properties, "required", List.of("runId", "status"));
	}

}
