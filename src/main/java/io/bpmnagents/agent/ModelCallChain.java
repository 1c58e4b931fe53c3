package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.List;

import io.bpmnagents.llm.ModelReply;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * A model call as an ordered chain of links, each wrapping the rest (as Spring AI's
 * advisors do). The order, outermost first:
 * <ol>
 * <li>{@link CallReservation}: the run's budget and the quotas, reserved before the call
 * and settled after it; a refused call costs nothing and is not recorded;</li>
 * <li>input checks ({@link CallLink.Input} beans, e.g. guardrails), in bean order;</li>
 * <li>{@link CallObservation}: one Micrometer observation, the call's span and
 * metrics;</li>
 * <li>{@link CallRecording}: the transcript entry started, then ended with the answer
 * (only while the task's lock is held) or the failure;</li>
 * <li>output checks ({@link CallLink.Output} beans), in bean order, before the answer is
 * recorded;</li>
 * <li>{@link CallAnswering}: the answerer, the model or a replayed recording.</li>
 * </ol>
 */
@Component
class ModelCallChain {

	private final List<CallLink> links = new ArrayList<>();

	ModelCallChain(CallReservation reservation, ObjectProvider<CallLink.Input> inputs, CallObservation observation,
			CallRecording recording, ObjectProvider<CallLink.Output> outputs, CallAnswering answering) {
		this.links.add(reservation);
		inputs.orderedStream().forEach(this.links::add);
		this.links.add(observation);
		this.links.add(recording);
		outputs.orderedStream().forEach(this.links::add);
		this.links.add(answering);
	}

	/** Passes the call through every link; the reply as the links let it through. */
	ModelReply call(ModelCall call) {
		return proceed(0, call);
	}

	private ModelReply proceed(int link, ModelCall call) {
		return this.links.get(link).call(call, (next) -> proceed(link + 1, next));
	}

}
