package io.bpmnagents.tracing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.bpmnagents.llm.LlmProperties;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Spans of a run (Micrometer Tracing over OpenTelemetry): one trace per run, whose id
 * comes from the run id ({@link RunTrace}); a span per model call and per tool call,
 * children of the run's root span, which is written when the run ends. So every call of a
 * run is in one trace, whichever node made it and however many restarts lay in between.
 * <p>
 * Attributes follow OpenTelemetry's GenAI semantic conventions ({@code gen_ai.*}) plus
 * the run, process instance and BPMN activity ({@code bpmn.*}). Sampling is decided by
 * the trace id, so a run is traced whole or not at all.
 */
@Component
public class AgentTracing {

	static final String SYSTEM = "openai";

	private final Tracer tracer;

	private final Sampler sampler;

	private final String provider;

	AgentTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Sampler> sampler, LlmProperties llm) {
		this.tracer = tracer.getIfAvailable(() -> Tracer.NOOP);
		this.sampler = sampler.getIfAvailable(Sampler::alwaysOn);
		this.provider = llm.effectiveProvider();
	}

	/**
	 * Where a call is made: the run, the (sub-)process instance, the activity, the agent.
	 */
	public record CallSite(String runId, String processInstanceId, String processKey, String activityId, String agent) {
	}

	/**
	 * Starts the span of a chat call to {@code requestModel}; end it with the outcome.
	 */
	public ModelCallSpan modelCall(CallSite site, String requestModel) {
		Span span = child(site, "chat " + requestModel, Span.Kind.CLIENT).tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.system", SYSTEM)
			.tag("gen_ai.request.model", requestModel)
			.tag("bpmn_agents.llm.provider", this.provider)
			.start();
		return new ModelCallSpan(span);
	}

	/**
	 * Starts the span of a tool call an agent asked for; end it with
	 * {@link ToolCallSpan#succeeded()} or {@link ToolCallSpan#failed(Throwable)}.
	 */
	public ToolCallSpan toolCall(CallSite site, String toolName, String toolCallId) {
		Span.Builder builder = child(site, "execute_tool " + toolName, null)
			.tag("gen_ai.operation.name", "execute_tool")
			.tag("gen_ai.system", SYSTEM)
			.tag("gen_ai.tool.name", toolName);
		if (toolCallId != null) {
			builder.tag("gen_ai.tool.call.id", toolCallId);
		}
		return new ToolCallSpan(builder.start());
	}

	/** Runs a tool call inside its span: the hook for the agents' tool-call loop. */
	public <T> T toolCall(CallSite site, String toolName, String toolCallId, Supplier<T> call) {
		ToolCallSpan span = toolCall(site, toolName, toolCallId);
		try {
			T result = call.get();
			span.succeeded();
			return result;
		}
		catch (RuntimeException | Error ex) {
			span.failed(ex);
			throw ex;
		}
	}

	/**
	 * Writes the run's root span, from its start to its end, with the ids its calls'
	 * spans named as their parent.
	 */
	void runEnded(String runId, String processKey, String processDefinitionId, Instant startedAt, Instant endedAt,
			String outcome) {
		RunTrace ids = RunTrace.of(runId);
		Span span = RunSpanIds.startWith(ids,
				() -> this.tracer.spanBuilder()
					.setNoParent()
					.name("run " + processKey)
					.startTimestamp(micros(startedAt), TimeUnit.MICROSECONDS)
					.tag("bpmn.run.id", runId)
					.tag("bpmn.process.key", processKey)
					.tag("bpmn.process_definition.id", processDefinitionId)
					.tag("bpmn.run.outcome", outcome)
					.start());
		span.end(micros(endedAt), TimeUnit.MICROSECONDS);
	}

	private Span.Builder child(CallSite site, String name, Span.Kind kind) {
		RunTrace ids = RunTrace.of(site.runId());
		TraceContext run = this.tracer.traceContextBuilder()
			.traceId(ids.traceId())
			.spanId(ids.rootSpanId())
			.sampled(sampled(ids))
			.build();
		// no kind: OpenTelemetry's INTERNAL, which Micrometer cannot name
		Span.Builder builder = this.tracer.spanBuilder().setParent(run).name(name);
		if (kind != null) {
			builder.kind(kind);
		}
		builder.tag("bpmn.run.id", site.runId());
		tagIfSet(builder, "bpmn.process_instance.id", site.processInstanceId());
		tagIfSet(builder, "bpmn.process.key", site.processKey());
		tagIfSet(builder, "bpmn.activity.id", site.activityId());
		tagIfSet(builder, "gen_ai.agent.name", site.agent());
		return builder;
	}

	/**
	 * The decision the sampler makes for the run's root span, taken for each call too.
	 */
	private boolean sampled(RunTrace ids) {
		return this.sampler
			.shouldSample(Context.root(), ids.traceId(), "run", SpanKind.INTERNAL, Attributes.empty(), List.of())
			.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
	}

	private static void tagIfSet(Span.Builder builder, String key, String value) {
		if (value != null) {
			builder.tag(key, value);
		}
	}

	private static long micros(Instant instant) {
		return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1000;
	}

	/**
	 * A span in flight, with the ids a transcript entry keeps (null when not sampled).
	 */
	abstract static class CallSpan {

		final Span span;

		private final String traceId;

		private final String spanId;

		CallSpan(Span span) {
			this.span = span;
			boolean sampled = !span.isNoop() && Boolean.TRUE.equals(span.context().sampled());
			this.traceId = sampled ? span.context().traceId() : null;
			this.spanId = sampled ? span.context().spanId() : null;
		}

		public String traceId() {
			return this.traceId;
		}

		public String spanId() {
			return this.spanId;
		}

		public void failed(Throwable error) {
			this.span.tag("error.type", error.getClass().getName());
			// Never the failure itself: its message and stack trace would leave the app
			// with any credential it quotes.
			this.span.error(RedactedError.of(error));
			this.span.end();
		}

	}

	/** The span of one model call. */
	public static final class ModelCallSpan extends CallSpan {

		ModelCallSpan(Span span) {
			super(span);
		}

		/** Ends the span with what the model reported; nulls are left out. */
		public void succeeded(String responseModel, Integer inputTokens, Integer outputTokens, String finishReason) {
			if (responseModel != null) {
				this.span.tag("gen_ai.response.model", responseModel);
			}
			if (inputTokens != null) {
				this.span.tag("gen_ai.usage.input_tokens", inputTokens.longValue());
			}
			if (outputTokens != null) {
				this.span.tag("gen_ai.usage.output_tokens", outputTokens.longValue());
			}
			if (finishReason != null) {
				this.span.tagOfStrings("gen_ai.response.finish_reasons", List.of(finishReason));
			}
			this.span.end();
		}

	}

	/** The span of one tool call. */
	public static final class ToolCallSpan extends CallSpan {

		ToolCallSpan(Span span) {
			super(span);
		}

		public void succeeded() {
			this.span.end();
		}

	}

}
