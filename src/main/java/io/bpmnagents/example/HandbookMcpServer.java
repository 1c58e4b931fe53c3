package io.bpmnagents.example;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.bpmnagents.mcp.McpSchemaValidator;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.LoggerFactory;

/**
 * The staff handbook as an MCP server over stdio, built with the MCP Java SDK: the app
 * starts it as its own process when the {@code mcp-example} profile declares it, as an
 * administrator declares any stdio server. {@code lookup_policy} finds the policies whose
 * topic or text share a word with the question; {@code list_topics} names them all.
 */
public final class HandbookMcpServer {

	/** Topic → policy: fixed text, so that a run's answer can be checked against it. */
	static final Map<String, String> POLICIES = policies();

	private HandbookMcpServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		// stdout is the protocol: nothing else may be written to it.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
		Map<String, Object> topic = Map.of("type", "object", "properties",
				Map.of("topic", Map.of("type", "string", "description", "What the policy is about, in a few words")),
				"required", List.of("topic"));
		SyncToolSpecification lookup = new SyncToolSpecification(Tool.builder()
			.name("lookup_policy")
			.description("Finds the staff handbook's policies on a topic (travel, expenses, leave, remote work, "
					+ "equipment) and answers their text")
			.inputSchema(topic)
			.build(), (exchange, request) -> text(lookup(String.valueOf(request.arguments().get("topic")))));
		SyncToolSpecification topics = new SyncToolSpecification(Tool.builder()
			.name("list_topics")
			.description("Names the topics the staff handbook has a policy on")
			.inputSchema(Map.of("type", "object"))
			.build(), (exchange, request) -> text(String.join(", ", POLICIES.keySet())));
		McpServer.sync(new StdioServerTransportProvider(new JacksonMcpJsonMapperSupplier().get()))
			.serverInfo("handbook", "1")
			.capabilities(ServerCapabilities.builder().tools(true).build())
			.jsonSchemaValidator(new McpSchemaValidator())
			.tools(lookup, topics)
			.build();
		Thread.currentThread().join();
	}

	/**
	 * The policies whose topic shares a word (of three letters or more) with the
	 * question; when no topic does, those whose text does.
	 */
	static String lookup(String topic) {
		List<String> words = Arrays.stream(topic.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
			.filter((word) -> word.length() >= 3)
			.toList();
		String found = matching(words, Map.Entry::getKey);
		if (found.isEmpty()) {
			found = matching(words, (policy) -> policy.getValue().toLowerCase(Locale.ROOT));
		}
		return found.isEmpty() ? "No policy on '" + topic + "'. Topics: " + String.join(", ", POLICIES.keySet())
				: found;
	}

	private static String matching(List<String> words, Function<Map.Entry<String, String>, String> text) {
		return POLICIES.entrySet()
			.stream()
			.filter((policy) -> words.stream().anyMatch(text.apply(policy)::contains))
			.map((policy) -> policy.getKey() + ": " + policy.getValue())
			.collect(Collectors.joining("\n"));
	}

	private static CallToolResult text(String text) {
		return CallToolResult.builder().addTextContent(text).isError(false).build();
	}

	private static Map<String, String> policies() {
		Map<String, String> policies = new LinkedHashMap<>();
		policies.put("travel", "Book economy class for flights under six hours; the team lead approves any trip "
				+ "before it is booked.");
		policies.put("expenses",
				"Submit receipts within 30 days; meals are reimbursed up to 40 EUR a day " + "while travelling.");
		policies.put("leave", "Full-time staff have 28 days of paid leave a year; request it two weeks ahead.");
		policies.put("remote work", "Work from home up to three days a week; core hours are 10:00 to 15:00.");
		policies.put("equipment",
				"A laptop is replaced every three years; report a lost device to IT within " + "24 hours.");
		return java.util.Collections.unmodifiableMap(policies);
	}

}
