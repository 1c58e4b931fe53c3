package io.bpmnagents.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers a request that carries a JSON schema ({@code response_format: json_schema})
 * with a JSON object that fits it: a field limited to listed values ({@code enum}) takes
 * one of them, any other field a short text. Which value is a function of the request
 * alone (the agent's system prompt and the question), so a run repeats exactly; it keys
 * on the schema, never on the prompt's wording.
 */
final class SchemaReplies {

	private SchemaReplies() {
	}

	/**
	 * Whether a request's {@code response_format} carries a schema this class answers.
	 */
	static boolean applies(JsonNode responseFormat) {
		return "json_schema".equals(responseFormat.path("type").asText())
				&& responseFormat.path("json_schema").path("schema").path("properties").isObject();
	}

	static String reply(JsonNode responseFormat, String systemPrompt, String prompt) {
		int hash = (systemPrompt + "\u0000" + prompt).hashCode() & 0x7fffffff;
		JsonNode properties = responseFormat.path("json_schema").path("schema").path("properties");
		List<String> fields = new ArrayList<>();
		int index = 0;
		for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); index++) {
			Map.Entry<String, JsonNode> property = it.next();
			JsonNode choices = property.getValue().path("enum");
			String value = (choices.isArray() && !choices.isEmpty())
					? choices.get((hash / (index + 1)) % choices.size()).asText() : text(property.getKey(), prompt);
			fields.add("\"" + SimulatedReplies.jsonEscape(property.getKey()) + "\": \""
					+ SimulatedReplies.jsonEscape(value) + "\"");
		}
		return "{" + String.join(", ", fields) + "}";
	}

	private static String text(String field, String prompt) {
		String topic = prompt.strip().replaceAll("\\s+", " ");
		if (topic.length() > 80) {
			topic = topic.substring(0, 80) + "…";
		}
		return "Simulated " + field + " on \"" + topic + "\": state the main point first and give one concrete "
				+ "example.";
	}

}
