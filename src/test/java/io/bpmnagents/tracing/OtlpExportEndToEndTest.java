package io.bpmnagents.tracing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.bpmnagents.support.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces reach an OTLP collector named by {@code management.otlp.tracing.endpoint}, as
 * docs/observability.md ("Tracing with OpenTelemetry") tells: here a stand-in collector
 * on this machine that keeps the bodies it receives (OTLP/HTTP, protobuf).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:otlp-tests;DB_CLOSE_DELAY=-1",
				"camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "camunda.bpm.process-engine-name=otlpTests",
				"camunda.bpm.webapp.enabled=false", "llm.provider=simulator",
				"management.tracing.opentelemetry.export.schedule-delay=100ms" })
@Import(ApiClient.class)
@AutoConfigureObservability
class OtlpExportEndToEndTest {

	private static final List<byte[]> received = new CopyOnWriteArrayList<>();

	private static final HttpServer collector = collector();

	@Autowired
	ApiClient api;

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("management.otlp.tracing.endpoint",
				() -> "http://localhost:" + collector.getAddress().getPort() + "/v1/traces");
	}

	@AfterAll
	static void stop() {
		collector.stop(0);
	}

	@Test
	void aRunsSpansAreSentToTheConfiguredCollectorUnderTheRunsTraceId() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Trace me", "agents", List.of("writer")));
		this.api.awaitEnd(id);
		byte[] traceId = HexFormat.of().parseHex(RunTrace.of(id).traceId());
		byte[] rootSpanId = HexFormat.of().parseHex(RunTrace.of(id).rootSpanId());

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<String> bodies = received.stream()
				.filter((body) -> indexOf(body, traceId) >= 0)
				.map((body) -> new String(body, StandardCharsets.ISO_8859_1))
				.toList();
			assertThat(String.join("", bodies)).contains("chat gpt-4o")
				.contains("run sequential-pipeline")
				.contains("gen_ai.usage.input_tokens")
				.contains("gen_ai.agent.name")
				.contains("writer")
				.contains(new String(rootSpanId, StandardCharsets.ISO_8859_1))
				.contains("bpmn-agents");
		});
	}

	@Test
	void aRequestToTheApiIsTracedAsOneSpanWithoutSpringSecuritysSpanForEachOfItsFilters() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Watch me", "agents", List.of("writer")));
		this.api.awaitEnd(id);

		this.api.get("/api/runs/" + id);

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(allReceived()).contains("http get /api/runs/{id}"));
		assertThat(allReceived()).doesNotContain("security filterchain").doesNotContain("authorize request");
	}

	private static String allReceived() {
		return String.join("", received.stream().map((body) -> new String(body, StandardCharsets.ISO_8859_1)).toList());
	}

	private static HttpServer collector() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
			server.createContext("/v1/traces", (exchange) -> {
				try (InputStream body = exchange.getRequestBody()) {
					ByteArrayOutputStream bytes = new ByteArrayOutputStream();
					body.transferTo(bytes);
					received.add(bytes.toByteArray());
				}
				exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
				exchange.sendResponseHeaders(200, -1);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int indexOf(byte[] body, byte[] part) {
		outer: for (int i = 0; i + part.length <= body.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (body[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
