package io.bpmnagents.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * An OpenAI-compatible server on loopback that answers every chat request with the same
 * canned completion, for the model client's warm-up ({@link ModelWarmUp}). A class of its
 * own so that a runtime without the JDK's HTTP server ({@code jdk.httpserver}, left out
 * of some jlink images) fails only when the warm-up runs, not when the application's
 * beans are made.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class CannedModelServer implements AutoCloseable {

	/** A chat completion as OpenAI-compatible servers send it. */
	private static final byte[] REPLY = """
			{"id":"chatcmpl-warm-up","object":"chat.completion","created":0,"model":"warm-up",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"ready\\": true}"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}
			"""
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	static CannedModelServer start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		CannedModelServer canned = new CannedModelServer(server);
		server.createContext("/", canned::answer);
		server.start();
		return canned;
	}

	/** A client made as the configured one is, pointed at this server. */
	ChatModel chatModel(String modelName) {
		InetSocketAddress address = this.server.getAddress();
		String host = (address.getAddress() instanceof Inet6Address) ? "[" + address.getHostString() + "]"
				: address.getHostString();
		return LlmConfiguration.openAi(modelName, Duration.ofSeconds(10))
			.baseUrl("http://" + host + ":" + address.getPort() + "/v1")
			.apiKey("warm-up")
			.build();
	}

	/** The bodies of the requests answered so far. */
	List<String> requests() {
		return List.copyOf(this.requests);
	}

	private void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
			this.requests.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, REPLY.length);
			out.write(REPLY);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
