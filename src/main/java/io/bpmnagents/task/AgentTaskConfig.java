package io.bpmnagents.task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a modeler configures on an agent task, as {@code camunda:property} extension
 * properties (plain strings, never evaluated by the engine).
 *
 * @param agent the agent's name, or a placeholder such as {@code ${agent}}
 * @param prompt the prompt template
 * @param resultVariable the variable that receives the answer
 * @param resultKey when set, {@code resultVariable} is a map and the answer goes under
 * this key (a template, e.g. {@code ${agent}})
 * @param appendTo when set, a list variable that receives one entry per answer
 * @param entry extra fields of that entry ({@code entry.<field>} properties, templates)
 * @param jsonAnswer whether the model must answer with a JSON object
 */
public record AgentTaskConfig(String agent, String prompt, String resultVariable, String resultKey, String appendTo,
		Map<String, String> entry, boolean jsonAnswer) {

	static final String ENTRY_PREFIX = "entry.";

	public static AgentTaskConfig from(String activityId, Map<String, String> properties) {
		String agent = required(activityId, properties, "agent");
		String prompt = required(activityId, properties, "prompt");
		String result = required(activityId, properties, "resultVariable");
		Map<String, String> entry = new LinkedHashMap<>();
		properties.forEach((name, value) -> {
			if (name.startsWith(ENTRY_PREFIX)) {
				entry.put(name.substring(ENTRY_PREFIX.length()), value);
			}
		});
		return new AgentTaskConfig(agent, prompt, result, blankToNull(properties.get("resultKey")),
				blankToNull(properties.get("appendTo")), entry, Boolean.parseBoolean(properties.get("jsonAnswer")));
	}

	private static String required(String activityId, Map<String, String> properties, String name) {
		String value = properties.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Agent task '" + activityId + "' has no '" + name
					+ "' extension property; set it in the Modeler (Agent task template)");
		}
		return value;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
