package io.bpmnagents.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's side of the tool-call loop, decided by the request's structure alone:
 * when tools are offered and the conversation holds no tool result yet, it calls the
 * first offered tool, with arguments made from the tool's JSON schema; once tool results
 * are present, it answers, quoting them.
 */
final class ToolCallReplies {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Pattern NAME_LIKE = Pattern.compile("(?i)\\b(key|name|id)\\b");

	private ToolCallReplies() {
	}

	/** Whether this request is answered with a tool call. */
	static boolean callsTool(JsonNode request) {
		return request.path("tools").isArray() && !request.path("tools").isEmpty() && results(request).isEmpty();
	}

	/** The assistant message that calls the first offered tool. */
	static Map<String, Object> toolCallMessage(JsonNode request, String prompt) {
		JsonNode function = request.path("tools").get(0).path("function");
		String name = function.path("name").asText();
		String arguments = arguments(function.path("parameters"), prompt);
		Map<String, Object> call = new LinkedHashMap<>();
		call.put("id", "call_sim_" + Integer.toHexString((name + arguments).hashCode() & 0x7fffffff));
		call.put("type", "function");
		call.put("function", Map.of("name", name, "arguments", arguments));
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", null);
		message.put("tool_calls", List.of(call));
		return message;
	}

	/**
	 * The tool results of the conversation as lines to quote in the answer, or empty when
	 * there are none.
	 */
	static String quoted(JsonNode request) {
		List<String> results = results(request);
		if (results.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("\n\nFrom the tools:\n");
		results.forEach((result) -> text.append("- ").append(result).append('\n'));
		return text.toString();
	}

	private static List<String> results(JsonNode request) {
		Map<String, String> names = new LinkedHashMap<>();
		List<String> results = new ArrayList<>();
		for (JsonNode message : request.path("messages")) {
			for (JsonNode call : message.path("tool_calls")) {
				names.put(call.path("id").asText(), call.path("function").path("name").asText());
			}
			if ("tool".equals(message.path("role").asText())) {
				String tool = names.getOrDefault(message.path("tool_call_id").asText(), "tool");
				results.add(tool + ": " + excerpt(message.path("content").asText(""), 200));
			}
		}
		return results;
	}

	/**
	 * Arguments that fit the schema: an enum's first value; a text field described as a
	 * key or name a short name ({@code notes}), other text fields an excerpt of the
	 * prompt; numbers 1, flags true; only what the schema declares.
	 */
	static String arguments(JsonNode schema, String prompt) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		var properties = schema.path("properties").fields();
		while (properties.hasNext()) {
			var property = properties.next();
			JsonNode type = property.getValue();
			Object value;
			if (type.path("enum").isArray() && !type.path("enum").isEmpty()) {
				value = type.path("enum").get(0).asText();
			}
			else {
				switch (type.path("type").asText("string")) {
					case "integer", "number" -> value = 1;
					case "boolean" -> value = true;
					case "array" -> value = List.of();
					case "object" -> value = Map.of();
					default -> value = NAME_LIKE.matcher(type.path("description").asText(property.getKey())).find()
							? "notes" : excerpt(prompt, 300);
				}
			}
			arguments.put(property.getKey(), value);
		}
		try {
			return JSON.writeValueAsString(arguments);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String excerpt(String text, int max) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return (flat.length() <= max) ? flat : flat.substring(0, max) + "…";
	}

}
