package io.bpmnagents.contract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a process's inputs from its Camunda Form (the start form a person fills in in
 * Tasklist), and its outputs and rules from the process's extension properties, so the
 * deployed model is the one source of its contract.
 * <p>
 * Form components map to inputs by type: textfield (text), textarea (long text), number
 * (with {@code validate.min/max}; whole when {@code decimalDigits} is 0), checkbox
 * (flag), select and radio (choice), taglist and checklist (list of choices). The custom
 * property {@code type} refines a component: {@code agent} and {@code agents} accept
 * agents of the registry (beyond the values the form lists), {@code loop-count} a whole
 * number from 1 to {@code bpmn-agents.runs.max-loop-count}, {@code duration} an ISO-8601
 * duration (a deadline), {@code person} a Camunda user or group. The custom property
 * {@code allow} lists extra values accepted besides agents, such as {@code none}. The
 * custom properties {@code entries} and {@code entryOf} declare a text of
 * {@code name=handler} entries and a choice among its names ({@link NamedEntries}).
 */
public final class FormContracts {

	/** Process extension property: comma-separated output variables. */
	public static final String OUTPUTS = "outputs";

	/**
	 * Process extension property: {@code field=value} pairs (comma-separated) with which
	 * a run has no single result to approve.
	 */
	public static final String NO_RESULT_WHEN = "noResultWhen";

	private static final ObjectMapper JSON = new ObjectMapper();

	private FormContracts() {
	}

	/**
	 * @param form the Camunda Form JSON, or {@code null} when the process has none
	 * @param processProperties the process's extension properties
	 * @param handsInputTo processes that receive all variables through a call activity
	 * @throws IllegalArgumentException when the form cannot be read
	 */
	public static ProcessContract parse(String form, Map<String, String> processProperties, List<String> handsInputTo) {
		List<InputField> inputs = new ArrayList<>();
		if (form != null) {
			try {
				collect(JSON.readTree(form).path("components"), inputs);
			}
			catch (IOException ex) {
				throw new IllegalArgumentException("The start form is not valid JSON: " + ex.getMessage(), ex);
			}
		}
		return new ProcessContract(inputs, list(processProperties.get(OUTPUTS)),
				pairs(processProperties.get(NO_RESULT_WHEN)), handsInputTo);
	}

	private static void collect(JsonNode components, List<InputField> inputs) {
		for (JsonNode component : components) {
			if (component.has("components")) {
				// a group: its fields are inputs too
				collect(component.path("components"), inputs);
				continue;
			}
			String key = component.path("key").asText("");
			InputType type = type(component);
			if (!key.isBlank() && type != null) {
				inputs.add(field(key, type, component));
			}
		}
	}

	private static InputType type(JsonNode component) {
		String marked = component.path("properties").path("type").asText("");
		return switch (component.path("type").asText("")) {
			case "textfield" -> "agent".equals(marked) ? InputType.AGENT : "duration".equals(marked)
					? InputType.DURATION : "person".equals(marked) ? InputType.PERSON : InputType.TEXT;
			case "textarea" -> InputType.LONG_TEXT;
			case "number" -> "loop-count".equals(marked) ? InputType.LOOP_COUNT : InputType.NUMBER;
			case "checkbox" -> InputType.FLAG;
			case "select", "radio" -> "agent".equals(marked) ? InputType.AGENT : InputType.CHOICE;
			case "taglist", "checklist" -> "agents".equals(marked) ? InputType.AGENTS : InputType.CHOICES;
			default -> null;
		};
	}

	private static InputField field(String key, InputType type, JsonNode component) {
		JsonNode validate = component.path("validate");
		List<String> values = new ArrayList<>();
		component.path("values").forEach((value) -> values.add(value.path("value").asText()));
		Object defaultValue = component.has("defaultValue")
				? JSON.convertValue(component.get("defaultValue"), Object.class) : null;
		boolean whole = type == InputType.LOOP_COUNT || component.path("decimalDigits").asInt(-1) == 0;
		return new InputField(key, component.path("label").asText(key), type,
				validate.path("required").asBoolean(false), defaultValue, number(validate.path("min")),
				number(validate.path("max")), whole, values,
				list(component.path("properties").path("allow").asText(null)),
				blankToNull(component.path("properties").path("entries").asText(null)),
				blankToNull(component.path("properties").path("entryOf").asText(null)));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static Double number(JsonNode node) {
		if (node.isNumber()) {
			return node.asDouble();
		}
		return (node.isTextual() && !node.asText().isBlank()) ? Double.valueOf(node.asText()) : null;
	}

	private static List<String> list(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.split(",")).map(String::strip).filter((item) -> !item.isEmpty()).toList();
	}

	private static Map<String, String> pairs(String text) {
		Map<String, String> pairs = new LinkedHashMap<>();
		for (String pair : list(text)) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				pairs.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
			}
		}
		return pairs;
	}

}
