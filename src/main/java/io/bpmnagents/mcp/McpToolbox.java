package io.bpmnagents.mcp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * The tools of the declared MCP servers, under the names a model sees: a tool's own name,
 * or {@code <server>_<tool>} where two servers (or a Java tool) have a tool of that name.
 * The lists are read when the app starts and again when a server says they changed; a
 * server that cannot be reached at start is tried again when its tools are next asked
 * for. A failed call is an error result for the model, never an exception that would hold
 * the worker.
 * <p>
 * In a diagram or an agent, {@code mcp:<server>} offers all of a server's tools and
 * {@code mcp:<server>/<tool>} one of them ({@link #offer}).
 */
public class McpToolbox implements DisposableBean {

	/** How a tool list entry names an MCP server's tools. */
	public static final String PREFIX = "mcp:";

	private static final Logger logger = LoggerFactory.getLogger(McpToolbox.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final Map<String, McpConnection> connections = new LinkedHashMap<>();

	private volatile Set<String> reserved = Set.of();

	/** Model-visible name → (server, tool), rebuilt whenever a list changes. */
	private volatile Map<String, Named> names = Map.of();

	/**
	 * Names given before a rename (a server that came up later made a name clash): a call
	 * the model asked for under such a name, recorded before the rename, still reaches
	 * its tool when it runs or is delivered again. Never offered.
	 */
	private volatile Map<String, Named> earlier = Map.of();

	private record Named(McpConnection server, Tool tool) {
	}

	public McpToolbox(McpProperties properties) {
		properties.servers()
			.forEach((name, server) -> this.connections.put(name, new McpConnection(name, server, this::rename)));
	}

	/**
	 * The entries that offer the servers' tools, for a tool list: all of each server's,
	 * or only those named in {@code tools}.
	 */
	public static List<String> offer(List<String> servers, List<String> tools) {
		List<String> entries = new ArrayList<>();
		for (String server : servers) {
			if (tools.isEmpty()) {
				entries.add(PREFIX + server);
			}
			else {
				tools.forEach((tool) -> entries.add(PREFIX + server + "/" + tool));
			}
		}
		return entries;
	}

	/** Whether the entry names MCP tools ({@code mcp:…}). */
	public static boolean isOffer(String entry) {
		return entry.startsWith(PREFIX);
	}

	/** Whether an offer names a declared server. */
	public boolean declares(String offer) {
		return this.connections.containsKey(server(offer));
	}

	/** The offers a modeller may use: one per declared server. */
	public List<String> offers() {
		return this.connections.keySet().stream().map((server) -> PREFIX + server).toList();
	}

	/** Tool names no MCP tool may take (the Java tools'). */
	public void reserve(Set<String> names) {
		this.reserved = Set.copyOf(names);
		rename();
	}

	/** Connects every server; one that cannot be reached is logged and tried later. */
	public void open() {
		this.connections.values().forEach(this::tryOpen);
	}

	/** The model-visible names of the tools an offer names. */
	public List<String> tools(String offer) {
		return toolsByOffer(List.of(offer)).get(offer);
	}

	/**
	 * The model-visible names of the tools each offer names. Every offered server is
	 * connected first and the names are read once after: a server that comes up while the
	 * list is made would otherwise rename the tools of the servers read before it.
	 */
	public Map<String, List<String>> toolsByOffer(List<String> offers) {
		offers.stream()
			.map((offer) -> this.connections.get(server(offer)))
			.filter(java.util.Objects::nonNull)
			.distinct()
			.forEach(this::tryOpen);
		Map<String, Named> now = this.names;
		Map<String, List<String>> tools = new LinkedHashMap<>();
		for (String offer : offers) {
			McpConnection connection = this.connections.get(server(offer));
			String only = offer.contains("/") ? offer.substring(offer.indexOf('/') + 1) : null;
			tools.put(offer,
					now.entrySet()
						.stream()
						.filter((entry) -> connection != null && entry.getValue().server() == connection
								&& (only == null || entry.getValue().tool().name().equals(only)))
						.map(Map.Entry::getKey)
						.sorted()
						.toList());
		}
		return tools;
	}

	/** The server a model-visible tool name belongs to. */
	public Optional<String> serverOf(String name) {
		Named named = named(name);
		return (named != null) ? Optional.of(named.server().name()) : Optional.empty();
	}

	/**
	 * The name a server gives the tool with this model-visible name (which may carry the
	 * server's name in front).
	 */
	public Optional<String> ownName(String name) {
		Named named = named(name);
		return (named != null) ? Optional.of(named.tool().name()) : Optional.empty();
	}

	/** Whether the tool's server hints that it changes nothing ({@code readOnlyHint}). */
	public boolean readOnly(String name) {
		Named named = named(name);
		return named != null && named.tool().annotations() != null
				&& Boolean.TRUE.equals(named.tool().annotations().readOnlyHint());
	}

	/** What the model is told of the tool. */
	public Optional<ToolSpecification> specification(String name) {
		Named named = named(name);
		if (named == null) {
			return Optional.empty();
		}
		Tool tool = named.tool();
		ToolSpecification.Builder specification = ToolSpecification.builder()
			.name(name)
			.description((tool.description() != null) ? tool.description() : tool.name());
		if (tool.inputSchema() != null) {
			JsonSchemaElement parameters = JsonSchemaElementJsonUtils
				.fromMap(JSON.convertValue(tool.inputSchema(), new TypeReference<Map<String, Object>>() {
				}));
			if (parameters instanceof JsonObjectSchema object) {
				specification.parameters(object);
			}
		}
		return Optional.of(specification.build());
	}

	/**
	 * Calls the tool.
	 * @return the result's text, or the error the model reads; empty when no MCP tool has
	 * that name
	 */
	public Optional<Result> call(String name, String arguments) {
		Named named = named(name);
		if (named == null) {
			return Optional.empty();
		}
		Map<String, Object> parsed;
		try {
			parsed = (arguments == null || arguments.isBlank()) ? Map.of()
					: JSON.readValue(arguments, new TypeReference<Map<String, Object>>() {
					});
		}
		catch (JsonProcessingException ex) {
			return Optional.of(Result.error("The arguments are not a JSON object: " + ex.getOriginalMessage()));
		}
		try {
			CallToolResult result = named.server().call(named.tool().name(), parsed);
			String text = text(result);
			return Optional.of(Boolean.TRUE.equals(result.isError()) ? Result.error(text) : Result.of(text));
		}
		catch (RuntimeException ex) {
			logger.warn("MCP server '{}': calling '{}' failed: {}", named.server().name(), named.tool().name(),
					ex.toString());
			return Optional.of(Result.error("The MCP server '" + named.server().name()
					+ "' did not answer the call of '" + named.tool().name() + "' (" + ex.getClass().getSimpleName()
					+ ": " + ex.getMessage() + "). Try again later or do without it."));
		}
	}

	private String text(CallToolResult result) {
		if (result.structuredContent() != null) {
			try {
				return JSON.writeValueAsString(result.structuredContent());
			}
			catch (JsonProcessingException ex) {
				// fall back to the text content
			}
		}
		StringBuilder text = new StringBuilder();
		for (Content content : (result.content() != null) ? result.content() : List.<Content>of()) {
			if (content instanceof TextContent part) {
				text.append((text.length() > 0) ? "\n" : "").append(part.text());
			}
		}
		return text.toString();
	}

	/** A tool's result text or its error. */
	public record Result(String text, String error) {

		static Result of(String text) {
			return new Result(text, null);
		}

		static Result error(String text) {
			return new Result(null, text);
		}

	}

	private void tryOpen(McpConnection connection) {
		try {
			connection.open();
		}
		catch (RuntimeException ex) {
			logger.warn("MCP server '{}' cannot be reached: {}; its tools are offered once it can be",
					connection.name(), ex.toString());
		}
	}

	/** Names every listed tool, prefixing those whose name is taken. */
	private synchronized void rename() {
		// One reading of each list: a list may change while the names are made.
		Map<McpConnection, List<Tool>> listed = new LinkedHashMap<>();
		this.connections.values().forEach((connection) -> listed.put(connection, connection.tools()));
		Map<String, Integer> count = new HashMap<>();
		listed.values().forEach((tools) -> tools.forEach((tool) -> count.merge(tool.name(), 1, Integer::sum)));
		Map<String, Named> named = new HashMap<>();
		listed.forEach((connection, tools) -> {
			for (Tool tool : tools) {
				boolean clash = count.get(tool.name()) > 1 || this.reserved.contains(tool.name());
				named.put(clash ? connection.name() + "_" + tool.name() : tool.name(), new Named(connection, tool));
			}
		});
		Map<String, Named> before = new HashMap<>(this.earlier);
		this.names.forEach((name, tool) -> {
			if (!named.containsKey(name)) {
				before.put(name, tool);
			}
		});
		before.keySet().removeAll(named.keySet());
		this.earlier = Map.copyOf(before);
		this.names = Map.copyOf(named);
	}

	/** The tool a model-visible name stands for now, or stood for before a rename. */
	private Named named(String name) {
		Named named = this.names.get(name);
		return (named != null) ? named : this.earlier.get(name);
	}

	private static String server(String offer) {
		String rest = offer.startsWith(PREFIX) ? offer.substring(PREFIX.length()) : offer;
		int slash = rest.indexOf('/');
		return (slash >= 0) ? rest.substring(0, slash) : rest;
	}

	@Override
	public void destroy() {
		this.connections.values().forEach(McpConnection::close);
	}

}
