package io.bpmnagents.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run as the tracing backend sees it: the app's own tracer and exporter pipeline, with
 * an in-memory exporter where OTLP would be.
 */
@ObservedEndToEndTest
class RunTracingEndToEndTest {

	private static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");

	private static final AttributeKey<String> ACTIVITY = AttributeKey.stringKey("bpmn.activity.id");

	private static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("bpmn.process_instance.id");

	@Autowired
	ApiClient api;

	@Autowired
	InMemorySpanExporter exporter;

	@Autowired
	SdkTracerProvider tracerProvider;

	@Autowired
	ApplicationContext context;

	@Test
	void withoutAnEndpointNoSpanIsExportedAnywhere() {
		assertThat(this.context.getBeanNamesForType(OtlpHttpSpanExporter.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(OtlpGrpcSpanExporter.class)).isEmpty();
		// the test's own in-memory exporter is the only one
		assertThat(this.context.getBeansOfType(SpanExporter.class).values()).containsExactly(this.exporter);
	}

	@Test
	void aRunIsOneTraceWithARootSpanAndASpanPerModelCallWhoseIdsTheTranscriptKeeps() {
		EndedRun run = this.api.runToEnd("sequential-pipeline", Map.of("task", "Write about tracing"));
		String id = run.id();
		String traceId = RunTrace.of(id).traceId();

		List<SpanData> spans = spansOf(traceId, 4);

		SpanData root = spans.stream()
			.filter((span) -> span.getName().equals("run sequential-pipeline"))
			.findFirst()
			.orElseThrow();
		assertThat(root.getParentSpanContext().isValid()).isFalse();
		assertThat(root.getAttributes().get(AttributeKey.stringKey("bpmn.run.id"))).isEqualTo(id);
		List<SpanData> calls = spans.stream().filter((span) -> span != root).toList();
		assertThat(calls).hasSize(3).allSatisfy((call) -> {
			assertThat(call.getName()).isEqualTo("chat gpt-4o");
			assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
			assertThat(call.getParentSpanId()).isEqualTo(root.getSpanId());
			assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
			assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
			assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
			assertThat(call.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isNotBlank();
			assertThat(call.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
				.containsExactly("stop");
			assertThat(call.getAttributes().get(INSTANCE)).isEqualTo(id);
			assertThat(call.getAttributes().get(AttributeKey.stringKey("bpmn.run.id"))).isEqualTo(id);
		});
		assertThat(calls.stream().map((call) -> call.getAttributes().get(AGENT)))
			.containsExactlyInAnyOrder("researcher", "writer", "editor");

		List<JsonNode> transcript = run.calls();
		assertThat(transcript).hasSize(3).allSatisfy((entry) -> {
			assertThat(entry.path("traceId").asText()).isEqualTo(traceId);
			SpanData call = calls.stream()
				.filter((span) -> span.getSpanId().equals(entry.path("spanId").asText()))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no span " + entry.path("spanId")));
			assertThat(call.getAttributes().get(AGENT)).isEqualTo(entry.path("agent").asText());
			assertThat(call.getAttributes().get(ACTIVITY)).isEqualTo(entry.path("activityId").asText());
			assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
				.isEqualTo(entry.path("promptTokens").asLong());
			assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
				.isEqualTo(entry.path("completionTokens").asLong());
		});
	}

	@Test
	void theCallsOfAProcessARunCallsAreInTheRunsTraceUnderItsOneRootSpan() {
		EndedRun run = this.api.runToEnd("multi-agent-task",
				Map.of("task", "Ship the release notes", "strategy", "sequential"));
		List<SpanData> spans = spansOf(run, 4);

		List<SpanData> roots = spans.stream().filter((span) -> !span.getParentSpanContext().isValid()).toList();
		assertThat(roots).singleElement()
			.satisfies((root) -> assertThat(root.getName()).isEqualTo("run multi-agent-task"));
		List<SpanData> calls = spans.stream().filter((span) -> span.getName().startsWith("chat ")).toList();
		assertThat(calls).hasSize(3).allSatisfy((call) -> {
			assertThat(call.getParentSpanId()).isEqualTo(roots.get(0).getSpanId());
			// asked by the called pipeline, a process instance of its own within the run
			assertThat(call.getAttributes().get(INSTANCE)).isNotEqualTo(run.id());
			assertThat(call.getAttributes().get(AttributeKey.stringKey("bpmn.process.key")))
				.isEqualTo("sequential-pipeline");
		});
	}

	@Test
	void aToolCallIsASpanOfItsOwnInTheRunsTraceNamingTheTool() {
		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", "Summarize the tides of the North Sea", "agents", List.of("analyst")));
		// the root, the call that asked for a tool, the tool call, the call that answered
		List<SpanData> spans = spansOf(run, 4);

		SpanData tool = spans.stream()
			.filter((span) -> span.getName().startsWith("execute_tool "))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no tool span in " + spans));
		JsonNode recorded = run.calls().get(0).path("toolCalls").get(0);
		assertThat(tool.getName()).isEqualTo("execute_tool " + recorded.path("tool").asText());
		assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
		assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
			.isEqualTo(recorded.path("requestId").asText());
		assertThat(tool.getAttributes().get(AGENT)).isEqualTo("analyst");
		assertThat(tool.getAttributes().get(INSTANCE)).isEqualTo(run.id());
	}

	/** The spans of one trace, once there are at least {@code expected} of them. */
	/** The spans of the run's trace, once there are at least {@code expected}. */
	private List<SpanData> spansOf(EndedRun run, int expected) {
		return spansOf(RunTrace.of(run.id()).traceId(), expected);
	}

	private List<SpanData> spansOf(String traceId, int expected) {
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			this.tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
			return trace(traceId).size() >= expected;
		});
		return trace(traceId);
	}

	private List<SpanData> trace(String traceId) {
		return this.exporter.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.toList();
	}

}
