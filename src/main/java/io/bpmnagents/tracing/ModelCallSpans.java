package io.bpmnagents.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The span of a model call's observation: a child of the run's trace, made by
 * {@link AgentTracing} (not Micrometer's default tracing handler, which would parent it
 * on whatever span the worker thread has), ended with the reply's GenAI attributes.
 * Registered ahead of the default handler, which then leaves these observations alone.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ModelCallSpans implements TracingObservationHandler<ModelCallObservation.Context> {

	private final AgentTracing tracing;

	private final Tracer tracer;

	@Override
	public void onStart(ModelCallObservation.Context context) {
		context.span = this.tracing.modelCall(context.site(), context.requestModel());
		// Where Micrometer's other handlers look for an observation's span (the meter
		// handler, for exemplars).
		getTracingContext(context).setSpan(context.span.span);
	}

	@Override
	public void onStop(ModelCallObservation.Context context) {
		if (context.getError() != null || context.reply == null) {
			context.span.failed((context.getError() != null) ? context.getError()
					: new IllegalStateException("The model call ended without a reply"));
			return;
		}
		context.span.succeeded(context.reply.model(), context.reply.promptTokens(), context.reply.completionTokens(),
				context.reply.finishReason());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ModelCallObservation.Context;
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
