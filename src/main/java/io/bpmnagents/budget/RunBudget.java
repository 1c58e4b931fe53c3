package io.bpmnagents.budget;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import io.bpmnagents.transcript.Usage;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.VariableInstance;

import org.springframework.stereotype.Component;

/**
 * A run's budget: {@code maxCalls}, {@code maxTokens} (prompt and completion together)
 * and {@code maxCost} (USD by {@code llm.prices}), process variables of the run's root
 * instance, each optional. Checked before each model call against the usage summed from
 * the transcript, the same figures the run view shows. Calls already in flight (parallel
 * branches) are not stopped, so a run may pass a limit by the calls it had in flight when
 * it reached it.
 */
@Component
public class RunBudget {

	/** The BPMN error an exhausted budget raises on the agent task. */
	public static final String ERROR_CODE = "BUDGET_EXHAUSTED";

	public static final String MAX_CALLS = "maxCalls";

	public static final String MAX_TOKENS = "maxTokens";

	public static final String MAX_COST = "maxCost";

	private final RuntimeService runtime;

	private final UsageCalculator usage;

	/** Whether a process definition catches the error; definitions never change. */
	RunBudget(RuntimeService runtime, UsageCalculator usage) {
		this.runtime = runtime;
		this.usage = usage;
	}

	/**
	 * Refuses the next model call of a run whose budget is used up.
	 * @param runId the run's root process instance
	 * @throws BudgetExhaustedException naming the limit reached and the usage so far
	 */
	public void check(String runId) {
		Map<String, Object> limits = limits(runId);
		if (limits.isEmpty()) {
			return;
		}
		Usage used = this.usage.of(runId);
		Number maxCalls = (Number) limits.get(MAX_CALLS);
		Number maxTokens = (Number) limits.get(MAX_TOKENS);
		Number maxCost = (Number) limits.get(MAX_COST);
		if (maxCalls != null && used.calls() >= maxCalls.longValue()) {
			throw new BudgetExhaustedException(MAX_CALLS, maxCalls, used);
		}
		if (maxTokens != null && used.promptTokens() + used.completionTokens() >= maxTokens.longValue()) {
			throw new BudgetExhaustedException(MAX_TOKENS, maxTokens, used);
		}
		if (maxCost != null && used.cost().compareTo(new BigDecimal(maxCost.toString())) >= 0) {
			throw new BudgetExhaustedException(MAX_COST, maxCost, used);
		}
	}

	/**
	 * The limits the run set, by name; empty when it set none, or when the run has ended
	 * (stopped, timed out) while its task was still delivered: there is nothing left to
	 * budget, and its answer will not be recorded. Only these three variables are read,
	 * not every variable of the run (its long JSON collections among them): this runs
	 * before every model call.
	 */
	private Map<String, Object> limits(String runId) {
		Map<String, Object> limits = new HashMap<>();
		for (VariableInstance variable : this.runtime.createVariableInstanceQuery()
			.executionIdIn(runId)
			.variableNameIn(MAX_CALLS, MAX_TOKENS, MAX_COST)
			.list()) {
			if (variable.getValue() instanceof Number) {
				limits.put(variable.getName(), variable.getValue());
			}
		}
		return limits;
	}

}
