package io.bpmnagents.agent;

import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.tracing.ModelCallObservation;
import io.micrometer.observation.ObservationRegistry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The link that observes a model call: one observation makes its span and its metrics
 * ({@link ModelCallObservation}). Started before the transcript entry, so the span's ids
 * are written with it in one statement. A replay's call asks no model and is not
 * observed.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CallObservation implements CallLink {

	private final ObservationRegistry registry;

	@Override
	public ModelReply call(ModelCall call, Next next) {
		if (call.replayOf() != null) {
			return next.proceed(call);
		}
		ModelCallObservation observation = ModelCallObservation.start(this.registry, call.site(), call.model());
		call.span(observation.traceId(), observation.spanId());
		try {
			ModelReply reply = next.proceed(call);
			observation.succeeded(call.reply());
			return reply;
		}
		catch (LockLostException ex) {
			observation.discarded(call.reply());
			throw ex;
		}
		catch (RuntimeException | Error ex) {
			observation.failed(call.reply(), ex);
			throw ex;
		}
	}

}
