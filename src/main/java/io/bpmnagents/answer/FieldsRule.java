package io.bpmnagents.answer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

import static io.bpmnagents.answer.AnswerTexts.excerpt;
import static io.bpmnagents.answer.AnswerTexts.json;
import static io.bpmnagents.answer.AnswerTexts.objectSchema;
import static io.bpmnagents.answer.AnswerTexts.quote;

/**
 * The answer is a JSON object with the listed fields ({@code answerFields}, e.g.
 * {@code verdict: pass|revise, feedback}). Each field becomes a process variable: one
 * with listed values a plain String spelled as listed (for gateways), others a text of
 * any length. Without a usable answer after the follow-up, the task becomes an incident.
 *
 * @param fields each field with its allowed values (empty: any text)
 */
public record FieldsRule(Map<String, List<String>> fields) implements AnswerRule {

	/**
	 * @param spec comma-separated fields, each {@code name} or {@code name: value|value}
	 */
	public static FieldsRule parse(String spec) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		for (String item : spec.split(",")) {
			if (item.isBlank()) {
				continue;
			}
			int colon = item.indexOf(':');
			String name = ((colon < 0) ? item : item.substring(0, colon)).strip();
			if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				throw new IllegalArgumentException("answerFields: " + quote(name)
						+ " is not a variable name. Write fields as 'name' or 'name: value|value', separated by commas.");
			}
			List<String> values = (colon < 0) ? List.of()
					: List.of(item.substring(colon + 1).split("\\|"))
						.stream()
						.map(String::strip)
						.filter((value) -> !value.isEmpty())
						.toList();
			fields.put(name, values);
		}
		if (fields.isEmpty()) {
			throw new IllegalArgumentException("answerFields names no field: " + quote(spec));
		}
		return new FieldsRule(fields);
	}

	@Override
	public String schema() {
		return objectSchema(this.fields);
	}

	@Override
	public String instruction() {
		return "\n\nAnswer with a JSON object with the fields: " + this.fields.entrySet()
			.stream()
			.map((field) -> field.getKey()
					+ (field.getValue().isEmpty() ? "" : " (one of: " + String.join(", ", field.getValue()) + ")"))
			.collect(Collectors.joining(", ")) + ".";
	}

	@Override
	public Answer check(String text) throws Rejected {
		JsonNode node = json(text, (error) -> "it is not a JSON object (" + error + ")." + instruction());
		if (node == null || !node.isObject()) {
			throw new Rejected("it is not a JSON object." + instruction());
		}
		Map<String, Object> values = new LinkedHashMap<>();
		Map<String, TypedValue> variables = new LinkedHashMap<>();
		for (Map.Entry<String, List<String>> field : this.fields.entrySet()) {
			String name = field.getKey();
			JsonNode value = node.get(name);
			if (value == null || value.isNull()) {
				throw new Rejected("the field '" + name + "' is missing." + instruction());
			}
			String text1 = value.isValueNode() ? value.asText() : value.toString();
			if (!field.getValue().isEmpty()) {
				String allowed = field.getValue()
					.stream()
					.filter((option) -> option.equalsIgnoreCase(text1.strip()))
					.findFirst()
					.orElseThrow(() -> new Rejected("the field '" + name + "' must be one of "
							+ String.join(", ", field.getValue()) + ", not " + quote(excerpt(text1)) + "."));
				values.put(name, allowed);
				variables.put(name, Variables.stringValue(allowed));
			}
			else {
				values.put(name, text1);
				variables.put(name, Variable.text(name).typed(text1));
			}
		}
		return new Answer(Variable.text("answer").typed(text), text, values, variables);
	}

	@Override
	public Answer giveUp(String lastAnswer, String problem) {
		throw new IllegalArgumentException("The agent answered twice without the JSON object the task asks for ("
				+ problem + "). Its last answer: " + quote(excerpt(lastAnswer))
				+ ". Fix the prompt or choose another agent, then retry.");
	}

}
