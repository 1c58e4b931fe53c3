package io.bpmnagents.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's side of the tool-call loop, decided by the request's structure alone:
 * when tools are offered and the conversation holds no tool result yet, it calls the
 * first offered tool, with arguments made from the tool's JSON schema and the prompt;
 * once tool results are present, it answers, quoting them. Messages other agents sent it
 * are quoted in its answer too.
 * <p>
 * A test or a demo tells it which call to make with a line {@code [call <tool> <JSON
 * arguments>]} in the prompt, e.g. {@code [call issue_refund {"orderId": "A-17",
 * "amount": 250}]}: when that tool is offered, it is called with exactly those arguments.
 */
final class ToolCallReplies {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** How a message from another agent begins (message.AgentMessage#prefixed). */
	private static final String FROM = "[From ";

	private static final Pattern NAME_LIKE = Pattern.compile("(?i)\\b(key|name|id)\\b");

	/** A call the prompt asks for: {@code [call <tool> {...}]} on one line. */
	private static final Pattern ASKED = Pattern.compile("\\[call ([A-Za-z0-9_-]{1,64}) (\\{[^\\n]*\\})\\]");

	private ToolCallReplies() {
	}

	/** Whether this request is answered with a tool call. */
	static boolean callsTool(JsonNode request) {
		return request.path("tools").isArray() && !request.path("tools").isEmpty() && results(request).isEmpty();
	}

	/** Whether the request offers tools at all. */
	static boolean offersTools(JsonNode request) {
		return request.path("tools").isArray() && !request.path("tools").isEmpty();
	}

	/** The assistant message that calls the first offered tool. */
	static Map<String, Object> toolCallMessage(JsonNode request, String prompt) {
		JsonNode function = request.path("tools").get(0).path("function");
		String name = function.path("name").asText();
		String arguments = arguments(function.path("parameters"), prompt);
		Matcher asked = ASKED.matcher(prompt);
		if (asked.find() && offered(request, asked.group(1))) {
			name = asked.group(1);
			arguments = asked.group(2);
		}
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

	private static boolean offered(JsonNode request, String name) {
		for (JsonNode tool : request.path("tools")) {
			if (name.equals(tool.path("function").path("name").asText())) {
				return true;
			}
		}
		return false;
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
	 * The messages other agents sent the agent ({@code [From <sender>]: …} user messages
	 * before the prompt), as lines to quote in the answer, or empty when there are none.
	 */
	static String received(JsonNode request) {
		List<String> received = new ArrayList<>();
		JsonNode messages = request.path("messages");
		int last = -1;
		for (int i = 0; i < messages.size(); i++) {
			if ("user".equals(messages.get(i).path("role").asText())) {
				last = i;
			}
		}
		for (int i = 0; i < last; i++) {
			JsonNode message = messages.get(i);
			String content = message.path("content").asText("");
			if ("user".equals(message.path("role").asText()) && content.startsWith(FROM)) {
				received.add(excerpt(content, 200));
			}
		}
		if (received.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("\n\nMessages received:\n");
		received.forEach((message) -> text.append("- ").append(message).append('\n'));
		return text.toString();
	}

	/**
	 * An enum's value the prompt names (beyond the first, the default), else its first
	 * value: told to write to the writer, the simulated agent sends its message to the
	 * writer; told nothing, to the first choice ({@code all}).
	 */
	private static String choice(JsonNode values, String prompt) {
		String lower = prompt.toLowerCase(Locale.ROOT);
		for (int i = 1; i < values.size(); i++) {
			String value = values.get(i).asText();
			if (Pattern.compile("(?<![\\w-])" + Pattern.quote(value.toLowerCase(Locale.ROOT)) + "(?![\\w-])")
				.matcher(lower)
				.find()) {
				return value;
			}
		}
		return values.get(0).asText();
	}

	/**
	 * Arguments that fit the schema: an enum's value the prompt names, else its first; a
	 * text field described as a key or name a short name ({@code notes}), other text
	 * fields an excerpt of the prompt; numbers 1, flags true; only what the schema
	 * declares.
	 */
	static String arguments(JsonNode schema, String prompt) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		var properties = schema.path("properties").fields();
		while (properties.hasNext()) {
			var property = properties.next();
			JsonNode type = property.getValue();
			Object value;
			if (type.path("enum").isArray() && !type.path("enum").isEmpty()) {
				value = choice(type.path("enum"), prompt);
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
