package io.bpmnagents.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.StructuredAnswerModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code llm.base-url} set, runs go to that OpenAI-compatible server (here a
 * stand-in that records what it receives), with each agent's model, temperature and token
 * limit from configuration — including an agent added in properties only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:openai-tests;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "camunda.bpm.process-engine-name=openaiTests",
				"camunda.bpm.webapp.enabled=false", "llm.api-key=test-key", "llm.model=default-model",
				"agents.lawyer.role=Contract Lawyer",
				"agents.lawyer.system-prompt=You are a contract lawyer. Point out legal risks.",
				"agents.lawyer.model=small-model", "agents.lawyer.temperature=0.2", "agents.lawyer.max-tokens=321" })
@Import(ApiClient.class)
class OpenAiCompatibleServerEndToEndTest {

	private static final List<Received> received = new CopyOnWriteArrayList<>();

	private static final HttpServer server = startServer();

	/**
	 * @param connection the client's end of the TCP connection the request came on
	 * @param protocol the request's HTTP version
	 * @param upgrade the {@code Upgrade} header, which asks to switch to HTTP/2 (h2c)
	 */
	record Received(String path, String authorization, JsonNode body, InetSocketAddress connection, String protocol,
			String upgrade) {
	}

	@Autowired
	ApiClient api;

	@Autowired
	org.camunda.bpm.engine.RepositoryService repository;

	@DynamicPropertySource
	static void baseUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.base-url", () -> "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@BeforeEach
	void forgetEarlierRequests() {
		received.clear();
	}

	@Test
	void runsUseTheConfiguredServerWithEachAgentsSettings() {
		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", "Review this contract", "agents", List.of("lawyer", "writer")));

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(received).hasSize(2);
		Received lawyer = received.get(0);
		assertThat(lawyer.path()).isEqualTo("/v1/chat/completions");
		assertThat(lawyer.authorization()).isEqualTo("Bearer test-key");
		assertThat(lawyer.body().path("model").asText()).isEqualTo("small-model");
		assertThat(lawyer.body().path("temperature").asDouble()).isEqualTo(0.2);
		assertThat(lawyer.body().path("max_tokens").asInt()).isEqualTo(321);
		assertThat(lawyer.body().path("messages").get(0).path("content").asText())
			.isEqualTo("You are a contract lawyer. Point out legal risks.");
		Received writer = received.get(1);
		assertThat(writer.body().path("model").asText()).isEqualTo("default-model");
		assertThat(writer.body().path("messages").get(1).path("content").asText())
			.isEqualTo("Reviewed: clause 7 is risky");
		assertThat(run.output().path("result").asText()).isEqualTo("Reviewed: clause 7 is risky");
		assertThat(run.calls().get(0).path("model").asText()).isEqualTo("small-model-2025");
	}

	/**
	 * A step's call is not slowed by its transport: the client keeps its HTTP/1.1
	 * connection to the model server open and sends the next step's call on it, without a
	 * new TCP connection and without first asking to switch to HTTP/2, which a plain-http
	 * server such as Ollama or vLLM would answer with a second round trip or not at all.
	 */
	@Test
	void consecutiveCallsGoOverOneKeptAliveHttp11ConnectionWithoutAnUpgradeAttempt() {
		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", "Review this contract", "agents", List.of("lawyer", "writer", "reviewer")));

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(received).hasSize(3);
		assertThat(received).extracting(Received::connection).containsOnly(received.get(0).connection());
		assertThat(received).extracting(Received::protocol).containsOnly("HTTP/1.1");
		assertThat(received).extracting(Received::upgrade).containsOnlyNulls();
	}

	@Test
	void aChoiceIsAskedForWithAJsonSchemaAndAServerThatIgnoresItGetsTheFallback() {
		EndedRun run = this.api.runToCompletion("routing",
				Map.of("task", "Is clause 7 enforceable?", "fallback", "general"));

		// This server answers the same text to everything: not a route, twice.
		assertThat(received).hasSize(3);
		JsonNode format = received.get(0).body().path("response_format");
		assertThat(format.path("type").asText()).isEqualTo("json_schema");
		JsonNode schema = format.path("json_schema").path("schema");
		assertThat(schema.path("properties").path("route").path("enum")).extracting(JsonNode::asText)
			.containsExactly("billing", "technical", "general");
		assertThat(schema.path("required")).extracting(JsonNode::asText).containsExactly("route");
		assertThat(received.get(1).body().path("response_format")).isEqualTo(format);
		// The route's agent is asked in plain text.
		assertThat(received.get(2).body().has("response_format")).isFalse();
		assertThat(run.output().path("route").asText()).isEqualTo("general");
		assertThat(run.output().path("routeFallback").asBoolean()).isTrue();
	}

	@Test
	void aTasksAnswerSchemaReachesTheServerAsWrittenAndAServerThatIgnoresItEndsOnTheErrorPath() throws Exception {
		this.repository.createDeployment()
			.addString("order-intake-openai.bpmn",
					StructuredAnswerModels.orderIntake("order-intake-openai", "answerSchema",
							StructuredAnswerModels.ORDER_SCHEMA))
			.deploy();

		EndedRun run = this.api.runToEnd("order-intake-openai", Map.of("task", "Two teapots"));

		JsonNode format = received.get(0).body().path("response_format");
		assertThat(format.path("type").asText()).isEqualTo("json_schema");
		// Passed through as the modeller wrote it: bounds and limits are not lost.
		assertThat(format.path("json_schema").path("schema"))
			.isEqualTo(new ObjectMapper().readTree(StructuredAnswerModels.ORDER_SCHEMA));
		// This server answers prose: asked twice, then the diagram's boundary event.
		assertThat(received).hasSize(2);
		assertThat(run.status()).isEqualTo("FAILED");
		assertThat(run.output().path("orderError").asText()).contains("Reviewed: clause 7 is risky");
	}

	private static HttpServer startServer() {
		try {
			HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			ObjectMapper json = new ObjectMapper();
			http.createContext("/v1/chat/completions", (exchange) -> {
				JsonNode body = json.readTree(exchange.getRequestBody());
				received.add(new Received(exchange.getRequestURI().getPath(),
						exchange.getRequestHeaders().getFirst("Authorization"), body, exchange.getRemoteAddress(),
						exchange.getProtocol(), exchange.getRequestHeaders().getFirst("Upgrade")));
				String answer = "Reviewed: clause 7 is risky";
				byte[] response = json.writeValueAsBytes(Map.of("id", "chatcmpl-1", "object", "chat.completion",
						"created", 1, "model", body.path("model").asText() + "-2025", "choices",
						List.of(Map.of("index", 0, "message", Map.of("role", "assistant", "content", answer),
								"finish_reason", "stop")),
						"usage", Map.of("prompt_tokens", 12, "completion_tokens", 6, "total_tokens", 18)));
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, response.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(response);
				}
			});
			http.start();
			return http;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
