package io.bpmnagents.mcp;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.slf4j.LoggerFactory;

/**
 * A small MCP server over stdio, built with the SDK, that the tests start as a separate
 * {@code java} process as an administrator's configuration would: {@code forecast} tells
 * the weather in a city, {@code exit} ends the process (a server that dies). It writes
 * its secret (from its environment) to stderr, which the app must not log as it is.
 */
public final class WeatherMcpServer {

	private WeatherMcpServer() {
	}

	public static void main(String[] args) throws InterruptedException {
		// stdout is the protocol: nothing else may be written to it.
		((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.OFF);
		System.err.println("weather server starting with key " + System.getenv("WEATHER_KEY"));
		Map<String, Object> city = Map.of("type", "object", "properties",
				Map.of("city", Map.of("type", "string", "description", "The city")), "required", List.of("city"));
		SyncToolSpecification forecast = new SyncToolSpecification(
				Tool.builder().name("forecast").description("Tells the weather in a city").inputSchema(city).build(),
				(exchange, request) -> CallToolResult.builder()
					.addTextContent("Sunny in " + request.arguments().get("city") + ", 21 degrees")
					.isError(false)
					.build());
		SyncToolSpecification exit = new SyncToolSpecification(Tool.builder()
			.name("exit")
			.description("Ends the server's process")
			.inputSchema(Map.of("type", "object"))
			.build(), (exchange, request) -> {
				Runtime.getRuntime().halt(3);
				return null;
			});
		McpServer.sync(new StdioServerTransportProvider(new JacksonMcpJsonMapperSupplier().get()))
			.serverInfo("weather", "1")
			.capabilities(ServerCapabilities.builder().tools(true).build())
			.jsonSchemaValidator(new McpSchemaValidator())
			.tools(forecast, exit)
			.build();
		Thread.currentThread().join();
	}

}
