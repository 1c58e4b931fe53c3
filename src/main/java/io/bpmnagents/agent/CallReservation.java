package io.bpmnagents.agent;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicReference;

import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.budget.UsageCalculator;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.quota.QuotaLedger;
import io.bpmnagents.quota.Quotas;
import io.bpmnagents.quota.Reservation;
import io.bpmnagents.transcript.ChatTurn;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The first link: the call is reserved in the run's budget and in every quota that
 * applies, with an estimate of what it will use, and settled with what it really used
 * once it has ended, whatever the outcome. A call without room is refused before anything
 * is recorded ({@link io.bpmnagents.budget.BudgetExhaustedException},
 * {@link io.bpmnagents.quota.QuotaExhaustedException}). A replay's call answered from the
 * recording asks no model and reserves nothing; one that goes live is reserved when it
 * does, and refused then (recorded as a failed call: it is known to go live only once
 * recorded and compared).
 * <p>
 * The estimate: the chat's characters divided by four (the usual rule of thumb for
 * English with OpenAI's tokenizers) for the prompt, plus the agent's {@code max-tokens},
 * or {@value #COMPLETION_ESTIMATE} tokens without one, for the answer; priced by
 * {@code llm.prices}.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CallReservation implements CallLink {

	static final int COMPLETION_ESTIMATE = 500;

	private final RunBudget budget;

	private final Quotas quotas;

	private final UsageCalculator prices;

	@Override
	public ModelReply call(ModelCall call, Next next) {
		if (call.replayOf() != null) {
			return replayed(call, next);
		}
		Held held = reserve(call);
		try {
			return next.proceed(call);
		}
		finally {
			settle(call, held);
		}
	}

	/**
	 * A replay's call is answered from the recording, which uses nothing; only when it
	 * goes live (known once it is compared with the recording) is it reserved, and then
	 * settled like any call.
	 */
	private ModelReply replayed(ModelCall call, Next next) {
		AtomicReference<Held> held = new AtomicReference<>();
		call.beforeLive(() -> held.set(reserve(call)));
		try {
			return next.proceed(call);
		}
		finally {
			if (held.get() != null) {
				settle(call, held.get());
			}
		}
	}

	/** The call's reservations: in the run's budget, then in the quotas. */
	private Held reserve(ModelCall call) {
		QuotaLedger.Estimate estimate = estimate(call);
		Reservation run = this.budget.reserve(call.request().runId(), estimate);
		try {
			return new Held(run,
					this.quotas.reserve(call.request().runId(), call.request().processKey(), call.model(), estimate));
		}
		catch (RuntimeException ex) {
			run.release();
			throw ex;
		}
	}

	/**
	 * A call recorded in the transcript counts, failed or not, with the tokens the model
	 * charged, if any (as the run's usage counts it); one refused before (an input check)
	 * gives its reservation back.
	 */
	private void settle(ModelCall call, Held held) {
		Reservation run = held.run();
		Reservation quota = held.quota();
		if (call.callId() == null) {
			run.release();
			quota.release();
			return;
		}
		ModelReply reply = call.reply();
		long tokens = (reply != null) ? count(reply.promptTokens()) + count(reply.completionTokens()) : 0;
		BigDecimal cost = (reply != null)
				? this.prices.cost(reply.model(), count(reply.promptTokens()), count(reply.completionTokens()))
				: BigDecimal.ZERO;
		run.settle(tokens, cost);
		quota.settle(tokens, cost);
	}

	private QuotaLedger.Estimate estimate(ModelCall call) {
		long characters = 0;
		for (ChatTurn turn : call.messages()) {
			characters += (turn.content() != null) ? turn.content().length() : 0;
		}
		long prompt = characters / 4 + 1;
		long completion = (call.agent().maxTokens() != null) ? call.agent().maxTokens() : COMPLETION_ESTIMATE;
		return new QuotaLedger.Estimate(prompt + completion, this.prices.cost(call.model(), prompt, completion));
	}

	private record Held(Reservation run, Reservation quota) {
	}

	private static long count(Integer tokens) {
		return (tokens != null) ? tokens : 0;
	}

}
