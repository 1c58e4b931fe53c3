package io.bpmnagents.mcp;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's session with one MCP server. A session that failed (the server died, timed
 * out, or answered garbage) is closed and opened again on the next use, which for a stdio
 * server starts its process again.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class McpConnection {

	private static final Logger logger = LoggerFactory.getLogger(McpConnection.class);

	private static final McpJsonMapper JSON = new JacksonMcpJsonMapperSupplier().get();

	private static final McpSchemaValidator VALIDATOR = new McpSchemaValidator();

	private final String name;

	private final McpProperties.Server server;

	private final Runnable toolsChanged;

	private McpSyncClient client;

	private volatile List<Tool> tools = List.of();

	String name() {
		return this.name;
	}

	/** The server's tools as last listed; empty until it was first reached. */
	List<Tool> tools() {
		return this.tools;
	}

	/**
	 * Opens the session if it is not open, and lists the tools. The toolbox hears of new
	 * lists outside this connection's lock, as it reads the other connections' lists.
	 */
	void open() {
		if (openSession()) {
			this.toolsChanged.run();
		}
	}

	private synchronized boolean openSession() {
		if (this.client != null) {
			return false;
		}
		McpClientTransport transport = transport();
		McpSyncClient opened = McpClient.sync(transport)
			.requestTimeout(this.server.timeout())
			.jsonSchemaValidator(VALIDATOR)
			.initializationTimeout(this.server.timeout())
			.clientInfo(new io.modelcontextprotocol.spec.McpSchema.Implementation("bpmn-agents", "1"))
			// The server said its tools changed and the SDK listed them again.
			.toolsChangeConsumer((changed) -> {
				this.tools = List.copyOf(changed);
				this.toolsChanged.run();
			})
			.build();
		try {
			opened.initialize();
			this.tools = List.copyOf(opened.listTools().tools());
			this.client = opened;
			logger.info("MCP server '{}': {} tools", this.name, this.tools.size());
			if (transport instanceof StdioClientTransport stdio) {
				watch(stdio, opened);
			}
		}
		catch (RuntimeException ex) {
			opened.close();
			throw ex;
		}
		return true;
	}

	/**
	 * Calls a tool of the server.
	 * @throws RuntimeException when the server cannot be reached or does not answer in
	 * time; the session is then closed, to be opened again
	 */
	CallToolResult call(String tool, Map<String, Object> arguments) {
		open();
		McpSyncClient session;
		synchronized (this) {
			session = this.client;
		}
		if (session == null) {
			throw new IllegalStateException("the session was closed");
		}
		try {
			return session.callTool(new CallToolRequest(tool, arguments));
		}
		catch (McpError ex) {
			// The server answered, with a protocol error: the session is sound.
			throw ex;
		}
		catch (RuntimeException ex) {
			close(session);
			throw ex;
		}
	}

	/**
	 * Closes the session as soon as the server's process exits, so that a call waiting
	 * for its answer fails at once instead of at its timeout; the next call starts the
	 * process again.
	 */
	private void watch(StdioClientTransport stdio, McpSyncClient session) {
		Thread watcher = new Thread(() -> {
			stdio.awaitForExit();
			if (session == this.client) {
				logger.warn("MCP server '{}' exited; it is started again when its tools are next used", this.name);
			}
			close(session);
		}, "mcp-" + this.name + "-exit");
		watcher.setDaemon(true);
		watcher.start();
	}

	synchronized void close() {
		close(this.client);
	}

	private synchronized void close(McpSyncClient session) {
		if (session != null && session == this.client) {
			this.client = null;
			try {
				session.close();
			}
			catch (RuntimeException ex) {
				logger.debug("MCP server '{}': closing the session failed", this.name, ex);
			}
		}
	}

	private McpClientTransport transport() {
		if (this.server.url() != null) {
			HttpRequest.Builder request = HttpRequest.newBuilder().timeout(this.server.timeout());
			this.server.headers().forEach(request::header);
			java.net.URI url = java.net.URI.create(this.server.url());
			String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
			return HttpClientStreamableHttpTransport.builder(url.getScheme() + "://" + url.getRawAuthority())
				.endpoint((url.getRawQuery() != null) ? path + "?" + url.getRawQuery() : path)
				.jsonMapper(JSON)
				.requestBuilder(request)
				.connectTimeout(this.server.timeout())
				// The stream on which the server tells that its tools changed.
				.openConnectionOnStartup(true)
				.build();
		}
		StdioClientTransport stdio = new StdioClientTransport(
				ServerParameters.builder(this.server.command()).args(this.server.args()).env(this.server.env()).build(),
				JSON);
		stdio.setStdErrorHandler((line) -> logger.info("MCP server '{}' (stderr): {}", this.name, redacted(line)));
		return stdio;
	}

	/**
	 * The line with the values of the server's environment and headers (secrets) masked.
	 */
	String redacted(String line) {
		String redacted = line;
		for (String secret : this.server.env().values()) {
			if (secret != null && secret.length() >= 4) {
				redacted = redacted.replace(secret, "***");
			}
		}
		for (String secret : this.server.headers().values()) {
			if (secret != null && secret.length() >= 4) {
				redacted = redacted.replace(secret, "***");
			}
		}
		return redacted;
	}

}
