package io.bpmnagents.mcp;

import java.io.File;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * A small MCP server over Streamable HTTP in the test's JVM, built with the SDK's servlet
 * transport in a Tomcat of its own: {@code forecast} (a name the stdio server's tool has
 * too), {@code slow} (answers after longer than the app waits) and {@code whoami}. Every
 * tool refuses a request without the bearer token the configuration sends.
 */
final class NotesMcpServer implements AutoCloseable {

	static final String TOKEN = "Bearer notes-token-42";

	private final Tomcat tomcat = new Tomcat();

	private final McpSyncServer server;

	NotesMcpServer() throws Exception {
		HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
			.jsonMapper(new JacksonMcpJsonMapperSupplier().get())
			.mcpEndpoint("/mcp")
			.contextExtractor((request) -> McpTransportContext.create(Map.of("authorization",
					(request.getHeader("Authorization") != null) ? request.getHeader("Authorization") : "")))
			.build();
		Map<String, Object> anything = Map.of("type", "object", "properties",
				Map.of("topic", Map.of("type", "string", "description", "What about")), "required", List.of("topic"));
		this.server = McpServer.sync(transport)
			.serverInfo("notes", "1")
			.capabilities(ServerCapabilities.builder().tools(true).build())
			.jsonSchemaValidator(new McpSchemaValidator())
			.tools(tool("forecast", anything, (arguments) -> "Notes forecast: rain on " + arguments.get("topic")),
					tool("slow", anything, (arguments) -> {
						try {
							Thread.sleep(5_000);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						return "late";
					}))
			.build();
		File base = Files.createTempDirectory("notes-mcp").toFile();
		this.tomcat.setBaseDir(base.getAbsolutePath());
		this.tomcat.setPort(0);
		Context context = this.tomcat.addContext("", base.getAbsolutePath());
		Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
		context.addServletMappingDecoded("/mcp", "mcp");
		this.tomcat.getConnector();
		this.tomcat.start();
	}

	/**
	 * Adds a tool while clients are connected: the server tells them its list changed.
	 */
	void addTool(String name) {
		this.server.addTool(tool(name, Map.of("type", "object"), (arguments) -> name + " done"));
	}

	String url() {
		return "http://localhost:" + this.tomcat.getConnector().getLocalPort() + "/mcp";
	}

	private static SyncToolSpecification tool(String name, Map<String, Object> schema,
			java.util.function.Function<Map<String, Object>, String> answer) {
		return new SyncToolSpecification(
				Tool.builder().name(name).description("Notes: " + name).inputSchema(schema).build(),
				(exchange, request) -> {
					if (!TOKEN.equals(exchange.transportContext().get("authorization"))) {
						return CallToolResult.builder().addTextContent("No token, no notes").isError(true).build();
					}
					return CallToolResult.builder()
						.addTextContent(answer.apply(request.arguments()))
						.isError(false)
						.build();
				});
	}

	@Override
	public void close() throws LifecycleException {
		this.server.close();
		this.tomcat.stop();
		this.tomcat.destroy();
	}

}
