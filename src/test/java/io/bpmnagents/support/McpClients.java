package io.bpmnagents.support;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

import io.bpmnagents.mcp.McpSchemaValidator;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;

/**
 * An outside agent's MCP client (the SDK's own) connected to the app's {@code /mcp} over
 * real HTTP, logged in as a person; the caller closes it.
 */
public final class McpClients {

	private McpClients() {
	}

	public static McpSyncClient connect(int port, String user, String password,
			Consumer<ProgressNotification> progress) {
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
			.builder("http://localhost:" + port)
			.endpoint("/mcp")
			.jsonMapper(new JacksonMcpJsonMapperSupplier().get())
			.requestBuilder(HttpRequest.newBuilder().header("Authorization", basic(user, password)))
			.build();
		McpSyncClient client = McpClient.sync(transport)
			.requestTimeout(Duration.ofSeconds(90))
			.jsonSchemaValidator(new McpSchemaValidator())
			.progressConsumer(progress)
			.build();
		client.initialize();
		return client;
	}

	/** HTTP Basic's header value. */
	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
