package io.bpmnagents.tracing;

import io.bpmnagents.llm.ModelReply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * One model call as a Micrometer observation: started once, it makes the call's span
 * ({@link ModelCallSpans}) and its metrics (the timer {@code agent.calls} by Micrometer's
 * meter handler, the token counters by {@link ModelCallMeters}) together.
 */
public final class ModelCallObservation {

	/** The timer's name: {@code agent_calls_seconds} in Prometheus. */
	public static final String NAME = "agent.calls";

	private final Observation observation;

	private final Context context;

	private ModelCallObservation(Context context, ObservationRegistry registry) {
		this.context = context;
		this.observation = Observation.createNotStarted(NAME, () -> context, registry)
			.lowCardinalityKeyValue("agent", context.site().agent())
			.lowCardinalityKeyValue("process", String.valueOf(context.site().processKey()))
			.lowCardinalityKeyValue("model", context.requestModel());
	}

	/** Starts observing a chat call to {@code requestModel} made at {@code site}. */
	public static ModelCallObservation start(ObservationRegistry registry, AgentTracing.CallSite site,
			String requestModel) {
		ModelCallObservation call = new ModelCallObservation(new Context(site, requestModel), registry);
		call.observation.start();
		return call;
	}

	/** The trace id written with the call's transcript entry; null when not sampled. */
	public String traceId() {
		return (this.context.span != null) ? this.context.span.traceId() : null;
	}

	public String spanId() {
		return (this.context.span != null) ? this.context.span.spanId() : null;
	}

	/** Ends the observation with the model's reply, which was recorded. */
	public void succeeded(ModelReply reply) {
		end(reply, "success", null);
	}

	/**
	 * Ends it with the model's reply, which was not recorded (the task's lock passed to
	 * another worker).
	 */
	public void discarded(ModelReply reply) {
		end(reply, "discarded", null);
	}

	public void failed(ModelReply reply, Throwable error) {
		end(reply, "error", error);
	}

	private void end(ModelReply reply, String outcome, Throwable error) {
		this.context.reply = reply;
		this.context.outcome = outcome;
		this.observation.lowCardinalityKeyValue("outcome", outcome);
		if (reply != null && reply.model() != null) {
			this.observation.lowCardinalityKeyValue("model", reply.model());
		}
		if (error != null) {
			this.observation.error(error);
		}
		this.observation.stop();
	}

	/** What the handlers of a model call's observation read and write. */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	public static final class Context extends Observation.Context {

		private final AgentTracing.CallSite site;

		private final String requestModel;

		AgentTracing.ModelCallSpan span;

		ModelReply reply;

		String outcome;

		AgentTracing.CallSite site() {
			return this.site;
		}

		String requestModel() {
			return this.requestModel;
		}

		/** The model that answered, or the one asked when none did. */
		String model() {
			return (this.reply != null && this.reply.model() != null) ? this.reply.model() : this.requestModel;
		}

	}

}
