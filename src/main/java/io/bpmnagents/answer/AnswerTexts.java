package io.bpmnagents.answer;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the answer rules share: reading JSON the way models write it, the schema of an
 * object with listed fields, and quoting an answer in a message.
 */
final class AnswerTexts {

	static final ObjectMapper JSON = new ObjectMapper();

	private AnswerTexts() {
	}

	/**
	 * The answer as JSON, read past a code fence.
	 * @param problem what the rejection says, given the parser's complaint
	 */
	static JsonNode json(String text, Function<String, String> problem) throws AnswerRule.Rejected {
		try {
			return JSON.readTree(unfenced(text));
		}
		catch (JsonProcessingException ex) {
			throw new AnswerRule.Rejected(problem.apply(ex.getOriginalMessage()));
		}
	}

	/** Models often wrap JSON in a Markdown code fence. */
	static String unfenced(String text) {
		String stripped = text.strip();
		if (stripped.startsWith("```")) {
			stripped = stripped.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
		}
		return stripped;
	}

	/**
	 * A JSON Schema of an object whose fields are all required, each a text limited to
	 * its listed values when it has any (answerOneOf, answerFields).
	 */
	static String objectSchema(Map<String, List<String>> fields) {
		ObjectNode schema = JSON.createObjectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		fields.forEach((name, values) -> {
			ObjectNode property = properties.putObject(name);
			if (values.isEmpty()) {
				property.put("type", "string");
			}
			else {
				values.forEach(property.putArray("enum")::add);
			}
		});
		fields.keySet().forEach(schema.putArray("required")::add);
		schema.put("additionalProperties", false);
		return schema.toString();
	}

	static JsonNode tree(String text) {
		String stripped = text.strip();
		if (!stripped.startsWith("{") && !stripped.startsWith("[")) {
			return null;
		}
		try {
			return JSON.readTree(stripped);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	static String quote(String text) {
		return "\"" + text + "\"";
	}

	static String excerpt(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return (flat.length() <= 120) ? flat : flat.substring(0, 120) + "…";
	}

}
