package io.bpmnagents.simulator;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Answers a request that carries a JSON schema ({@code response_format: json_schema})
 * with JSON that fits it: objects with their properties, arrays within
 * {@code minItems}/{@code maxItems}, a listed value ({@code enum}, {@code const}) where
 * the schema lists any, numbers within their bounds, texts within their lengths, local
 * {@code $ref}s followed. Which value is a function of the request alone (the agent's
 * system prompt and the question), so a run repeats exactly; it keys on the schema's
 * structure, never on the prompt's wording. Array items take listed values in turn, so a
 * plan over three workers assigns each of them once.
 */
final class SchemaReplies {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private static final int MAX_DEPTH = 8;

	private SchemaReplies() {
	}

	/**
	 * Whether a request's {@code response_format} carries a schema this class answers.
	 */
	static boolean applies(JsonNode responseFormat) {
		return "json_schema".equals(responseFormat.path("type").asText())
				&& responseFormat.path("json_schema").path("schema").isObject();
	}

	static String reply(JsonNode responseFormat, String systemPrompt, String prompt) {
		return reply(responseFormat, systemPrompt, prompt, Map.of());
	}

	/**
	 * As {@link #reply(JsonNode, String, String)}; a property named in {@code chosen}
	 * takes the value given there when its schema lists it.
	 */
	static String reply(JsonNode responseFormat, String systemPrompt, String prompt, Map<String, String> chosen) {
		int hash = (systemPrompt + "\u0000" + prompt).hashCode() & 0x7fffffff;
		JsonNode schema = responseFormat.path("json_schema").path("schema");
		return written(new Instance(schema, hash, prompt, chosen).of(schema, "answer", 0, -1, 0));
	}

	/** JSON as a person (or a model) writes it on one line: {"a": 1, "b": [2, 3]}. */
	private static String written(JsonNode node) {
		if (node.isObject()) {
			StringBuilder out = new StringBuilder("{");
			node.fields()
				.forEachRemaining((field) -> out.append((out.length() > 1) ? ", " : "")
					.append(NODES.textNode(field.getKey()))
					.append(": ")
					.append(written(field.getValue())));
			return out.append('}').toString();
		}
		if (node.isArray()) {
			StringBuilder out = new StringBuilder("[");
			node.forEach((item) -> out.append((out.length() > 1) ? ", " : "").append(written(item)));
			return out.append(']').toString();
		}
		return node.toString();
	}

	/** Builds one instance of a schema. */
	private record Instance(JsonNode root, int hash, String prompt, Map<String, String> chosen) {

		/**
		 * @param index the property's place in its object, which varies the choice
		 * @param item the place of the array item this value belongs to, or -1: items
		 * take listed values in turn
		 */
		JsonNode of(JsonNode schema, String name, int index, int item, int depth) {
			JsonNode node = resolve(schema);
			if (depth > MAX_DEPTH || node == null || !node.isObject()) {
				return NODES.textNode(text(name));
			}
			if (node.has("const")) {
				return node.get("const");
			}
			JsonNode choices = node.path("enum");
			if (choices.isArray() && !choices.isEmpty()) {
				String wanted = this.chosen.get(name);
				for (JsonNode choice : choices) {
					if (wanted != null && wanted.equals(choice.asText())) {
						return choice;
					}
				}
				int pick = (item >= 0) ? this.hash + item : this.hash / (index + 1);
				return choices.get(pick % choices.size());
			}
			for (String alternatives : new String[] { "anyOf", "oneOf", "allOf" }) {
				JsonNode first = node.path(alternatives).path(0);
				if (first.isObject() && !node.has("type") && !node.has("properties")) {
					return of(first, name, index, item, depth + 1);
				}
			}
			return switch (type(node)) {
				case "object" -> object(node, item, depth);
				case "array" -> array(node, name, depth);
				case "integer" -> NODES.numberNode((long) number(node, index));
				case "number" -> NODES.numberNode(number(node, index));
				case "boolean" -> NODES.booleanNode((this.hash + index) % 2 == 0);
				case "null" -> NODES.nullNode();
				default -> NODES.textNode(string(node, name));
			};
		}

		private ObjectNode object(JsonNode node, int item, int depth) {
			ObjectNode object = NODES.objectNode();
			int field = 0;
			for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); field++) {
				Map.Entry<String, JsonNode> property = it.next();
				object.set(property.getKey(), of(property.getValue(), property.getKey(), field, item, depth + 1));
			}
			return object;
		}

		private ArrayNode array(JsonNode node, String name, int depth) {
			JsonNode items = resolve(node.path("items"));
			// As many items as the items list values to spread over (say, workers), else
			// two.
			int wanted = Math.max(listedValues(items), 2);
			int size = Math.max(node.path("minItems").asInt(0), Math.min(wanted, node.path("maxItems").asInt(wanted)));
			ArrayNode array = NODES.arrayNode();
			for (int i = 0; i < size; i++) {
				array.add(of(items, name, 0, i, depth + 1));
			}
			return array;
		}

		private int listedValues(JsonNode items) {
			if (items == null) {
				return 0;
			}
			if (items.path("enum").isArray()) {
				return items.path("enum").size();
			}
			int most = 0;
			for (JsonNode property : items.path("properties")) {
				JsonNode resolved = resolve(property);
				if (resolved != null && resolved.path("enum").isArray()) {
					most = Math.max(most, resolved.path("enum").size());
				}
			}
			return most;
		}

		private double number(JsonNode node, int index) {
			double low = node.has("minimum") ? node.get("minimum").asDouble()
					: node.has("exclusiveMinimum") ? node.get("exclusiveMinimum").asDouble() + 1 : 0;
			double high = node.has("maximum") ? node.get("maximum").asDouble()
					: node.has("exclusiveMaximum") ? node.get("exclusiveMaximum").asDouble() - 1 : low + 10;
			double span = Math.max(0, Math.floor(high) - Math.ceil(low));
			return Math.ceil(low) + ((span > 0) ? (this.hash + index) % (long) (span + 1) : 0);
		}

		private String string(JsonNode node, String name) {
			String format = node.path("format").asText("");
			String text = switch (format) {
				case "date-time" -> "2026-01-01T12:00:00Z";
				case "date" -> "2026-01-01";
				case "email" -> "someone@example.com";
				case "uri" -> "https://example.com/" + name;
				default -> text(name);
			};
			int max = node.path("maxLength").asInt(Integer.MAX_VALUE);
			int min = node.path("minLength").asInt(0);
			if (text.length() > max) {
				text = text.substring(0, max);
			}
			StringBuilder padded = new StringBuilder(text);
			while (padded.length() < min) {
				padded.append('.');
			}
			return padded.toString();
		}

		private String text(String field) {
			String topic = this.prompt.strip().replaceAll("\\s+", " ");
			if (topic.length() > 80) {
				topic = topic.substring(0, 80) + "…";
			}
			return "Simulated " + field + " on \"" + topic + "\": state the main point first and give one "
					+ "concrete example.";
		}

		private static String type(JsonNode node) {
			JsonNode type = node.path("type");
			if (type.isArray()) {
				for (JsonNode option : type) {
					if (!"null".equals(option.asText())) {
						return option.asText();
					}
				}
			}
			if (type.isTextual()) {
				return type.asText();
			}
			return node.has("properties") ? "object" : node.has("items") ? "array" : "string";
		}

		/** Follows a local {@code $ref} ({@code #/$defs/…}); others are left as text. */
		private JsonNode resolve(JsonNode node) {
			JsonNode current = node;
			for (int hops = 0; current != null && current.has("$ref") && hops < MAX_DEPTH; hops++) {
				String ref = current.get("$ref").asText();
				if (!ref.startsWith("#")) {
					return null;
				}
				JsonNode target = this.root.at(ref.substring(1));
				current = target.isMissingNode() ? null : target;
			}
			return current;
		}

	}

}
