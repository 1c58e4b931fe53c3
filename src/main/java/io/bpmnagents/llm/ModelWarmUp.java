package io.bpmnagents.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.bpmnagents.transcript.ChatTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Makes the model client's first calls as fast as the ones after: at start, two chat
 * exchanges go through the same client code as every call (the OpenAI client, its JSON,
 * our HTTP client over the JDK's, the reply's mapping) to a canned answer served on this
 * machine's loopback for the moment. No request leaves the node and no model is asked.
 * Without it the first calls after a start or a restart (runs taken over after a crash
 * among them) each took about 100 ms more while those classes loaded and warmed.
 */
@Component
class ModelWarmUp {

	private static final Logger log = LoggerFactory.getLogger(ModelWarmUp.class);

	/** A chat completion as OpenAI-compatible servers send it. */
	private static final byte[] CANNED_REPLY = """
			{"id":"chatcmpl-warm-up","object":"chat.completion","created":0,"model":"warm-up",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"{\\"ready\\": true}"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":12,"completion_tokens":4,"total_tokens":16}}
			"""
		.getBytes(StandardCharsets.UTF_8);

	private final ModelClient client;

	private final LlmProperties properties;

	ModelWarmUp(ModelClient client, LlmProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void onReady() {
		if (this.properties.warmUp()) {
			run();
		}
	}

	/**
	 * Whether both exchanges went through; a failure only leaves the first calls slower.
	 */
	boolean run() {
		long started = System.nanoTime();
		HttpServer server = null;
		try {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/", ModelWarmUp::answer);
			server.start();
			ChatModel canned = OpenAiChatModel.builder()
				.baseUrl("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/v1")
				.apiKey("warm-up")
				.modelName(this.properties.model())
				.timeout(Duration.ofSeconds(10))
				.httpClientBuilder(new RetryAfterHttpClient.Builder())
				.maxRetries(0)
				.build();
			List<ChatTurn> messages = List.of(ChatTurn.system("You are warming up."), ChatTurn.user("Are you ready?"));
			this.client.warmUp(canned, messages);
			log.info("Model client warmed up in {} ms (a canned answer on loopback; no model was asked)",
					Duration.ofNanos(System.nanoTime() - started).toMillis());
			return true;
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			// LinkageError: a runtime made without the JDK's HTTP server (jlink)
			log.warn("Model client warm-up skipped, the first calls may be slower: {}", ex.toString());
			return false;
		}
		finally {
			if (server != null) {
				server.stop(0);
			}
		}
	}

	private static void answer(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
			body.readAllBytes();
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, CANNED_REPLY.length);
			out.write(CANNED_REPLY);
		}
	}

}
