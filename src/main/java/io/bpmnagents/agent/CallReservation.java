package io.bpmnagents.agent;

import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.llm.ModelReply;

import org.springframework.stereotype.Component;

/**
 * The first link: a call the run's budget does not allow is refused before anything is
 * recorded ({@link io.bpmnagents.budget.BudgetExhaustedException}).
 */
@Component
class CallReservation implements CallLink {

	private final RunBudget budget;

	CallReservation(RunBudget budget) {
		this.budget = budget;
	}

	@Override
	public ModelReply call(ModelCall call, Next next) {
		this.budget.check(call.request().runId());
		return next.proceed(call);
	}

}
