package io.bpmnagents.tracing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The token counters of a model call's observation ({@code agent.tokens}, by type prompt
 * and completion), counted for recorded answers only; the call's timer is Micrometer's
 * own meter handler's.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ModelCallMeters implements ObservationHandler<ModelCallObservation.Context> {

	private final MeterRegistry meters;

	@Override
	public void onStop(ModelCallObservation.Context context) {
		if (!"success".equals(context.outcome) || context.reply == null) {
			return;
		}
		count(context, "prompt", context.reply.promptTokens());
		count(context, "completion", context.reply.completionTokens());
	}

	private void count(ModelCallObservation.Context context, String type, Integer tokens) {
		this.meters
			.counter("agent.tokens", "agent", context.site().agent(), "model", context.model(), "process",
					String.valueOf(context.site().processKey()), "type", type)
			.increment((tokens != null) ? tokens : 0);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ModelCallObservation.Context;
	}

}
