package io.bpmnagents.tracing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bpmnagents.llm.LlmProperties;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spans of a run as a tracing backend receives them, from the real OpenTelemetry SDK
 * with an in-memory exporter.
 */
class AgentTracingTest {

	private static final String RUN = UUID.randomUUID().toString();

	private static final AgentTracing.CallSite SITE = new AgentTracing.CallSite(RUN, "sub-instance-7",
			"sequential-pipeline", "Task_Research", "researcher");

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private SdkTracerProvider provider;

	@AfterEach
	void close() {
		if (this.provider != null) {
			this.provider.close();
		}
	}

	private AgentTracing tracing(Sampler sampler) {
		this.provider = SdkTracerProvider.builder()
			.setIdGenerator(new RunSpanIds())
			.setSampler(sampler)
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		OtelTracer tracer = new OtelTracer(this.provider.get("test"), new OtelCurrentTraceContext(), (event) -> {
		});
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("tracer", tracer);
		beans.addBean("sampler", sampler);
		return new AgentTracing(beans.getBeanProvider(Tracer.class), beans.getBeanProvider(Sampler.class),
				new LlmProperties("simulator", null, null, "gpt-4o", null, null, 256, null, null, null, false));
	}

	@Test
	void aModelCallIsAClientSpanWithTheGenAiAttributesInsideTheRunsTrace() {
		AgentTracing tracing = tracing(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)));

		AgentTracing.ModelCallSpan span = tracing.modelCall(SITE, "gpt-4o");
		span.succeeded("gpt-4o-2024-08-06", 120, 45, "stop");

		SpanData data = only(this.exporter.getFinishedSpanItems());
		RunTrace run = RunTrace.of(RUN);
		assertThat(data.getName()).isEqualTo("chat gpt-4o");
		assertThat(data.getKind()).isEqualTo(SpanKind.CLIENT);
		assertThat(data.getTraceId()).isEqualTo(run.traceId());
		assertThat(data.getParentSpanId()).isEqualTo(run.rootSpanId());
		assertThat(span.traceId()).isEqualTo(run.traceId());
		assertThat(span.spanId()).isEqualTo(data.getSpanId());
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("chat");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("openai");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("gpt-4o");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")))
			.isEqualTo("gpt-4o-2024-08-06");
		assertThat(data.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(120L);
		assertThat(data.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(45L);
		assertThat(data.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
			.containsExactly("stop");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.agent.name"))).isEqualTo("researcher");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("bpmn.run.id"))).isEqualTo(RUN);
		assertThat(data.getAttributes().get(AttributeKey.stringKey("bpmn.process_instance.id")))
			.isEqualTo("sub-instance-7");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("bpmn.activity.id"))).isEqualTo("Task_Research");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("bpmn.process.key")))
			.isEqualTo("sequential-pipeline");
	}

	@Test
	void aFailedModelCallIsAnErrorSpanNamingTheException() {
		AgentTracing tracing = tracing(Sampler.alwaysOn());

		tracing.modelCall(SITE, "gpt-4o").failed(new IllegalStateException("HTTP 500"));

		SpanData data = only(this.exporter.getFinishedSpanItems());
		assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(data.getAttributes().get(AttributeKey.stringKey("error.type")))
			.isEqualTo(IllegalStateException.class.getName());
		assertThat(data.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isNull();
	}

	@Test
	void aToolCallIsASpanOfTheRunNamedAfterTheTool() {
		AgentTracing tracing = tracing(Sampler.alwaysOn());

		String result = tracing.toolCall(SITE, "web_search", "call_1", () -> "3 results");

		SpanData data = only(this.exporter.getFinishedSpanItems());
		assertThat(result).isEqualTo("3 results");
		assertThat(data.getName()).isEqualTo("execute_tool web_search");
		assertThat(data.getKind()).isEqualTo(SpanKind.INTERNAL);
		assertThat(data.getParentSpanId()).isEqualTo(RunTrace.of(RUN).rootSpanId());
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"))).isEqualTo("execute_tool");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name"))).isEqualTo("web_search");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id"))).isEqualTo("call_1");
		assertThat(data.getAttributes().get(AttributeKey.stringKey("bpmn.activity.id"))).isEqualTo("Task_Research");
	}

	@Test
	void aToolCallThatThrowsIsAnErrorSpanAndTheErrorReachesTheCaller() {
		AgentTracing tracing = tracing(Sampler.alwaysOn());

		assertThatThrownBy(() -> tracing.toolCall(SITE, "web_search", null, () -> {
			throw new IllegalArgumentException("no network");
		})).hasMessage("no network");

		assertThat(only(this.exporter.getFinishedSpanItems()).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
	}

	@Test
	void theRunsRootSpanHasTheIdsItsCallsNamedAsTheirParentAndTheRunsDuration() {
		AgentTracing tracing = tracing(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)));
		Instant started = Instant.parse("2026-01-01T10:00:00.123Z");
		Instant ended = Instant.parse("2026-01-01T10:00:05.456Z");
		tracing.modelCall(SITE, "gpt-4o").succeeded("gpt-4o", 1, 1, "stop");

		tracing.runEnded(RUN, "sequential-pipeline", "sequential-pipeline:1:abc", started, ended, "ended");

		List<SpanData> spans = this.exporter.getFinishedSpanItems();
		SpanData root = spans.stream()
			.filter((span) -> span.getName().equals("run sequential-pipeline"))
			.findFirst()
			.orElseThrow();
		SpanData call = spans.stream().filter((span) -> span.getName().startsWith("chat")).findFirst().orElseThrow();
		assertThat(root.getTraceId()).isEqualTo(RunTrace.of(RUN).traceId());
		assertThat(root.getSpanId()).isEqualTo(call.getParentSpanId());
		assertThat(root.getParentSpanContext().isValid()).isFalse();
		assertThat(root.getStartEpochNanos()).isEqualTo(1767261600123000000L);
		assertThat(root.getEndEpochNanos()).isEqualTo(1767261605456000000L);
		assertThat(root.getAttributes().get(AttributeKey.stringKey("bpmn.run.outcome"))).isEqualTo("ended");
	}

	@Test
	void spansOutsideARunRootGetRandomIds() {
		AgentTracing tracing = tracing(Sampler.alwaysOn());
		tracing.runEnded(RUN, "p", "p:1:x", Instant.now(), Instant.now(), "ended");

		io.opentelemetry.api.trace.Span other = this.provider.get("test").spanBuilder("other").startSpan();
		other.end();

		assertThat(other.getSpanContext().getTraceId()).isNotEqualTo(RunTrace.of(RUN).traceId());
		assertThat(other.getSpanContext().getSpanId()).isNotEqualTo(RunTrace.of(RUN).rootSpanId());
	}

	@Test
	void aRunTheSamplerLeavesOutHasNoSpansAndNoIdsForTheTranscript() {
		AgentTracing tracing = tracing(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)));

		AgentTracing.ModelCallSpan span = tracing.modelCall(SITE, "gpt-4o");
		span.succeeded("gpt-4o", 1, 1, "stop");
		tracing.runEnded(RUN, "p", "p:1:x", Instant.now(), Instant.now(), "ended");

		assertThat(span.traceId()).isNull();
		assertThat(span.spanId()).isNull();
		assertThat(this.exporter.getFinishedSpanItems()).isEmpty();
	}

	private static SpanData only(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

}
