package io.bpmnagents.budget;

import io.bpmnagents.tool.ToolCallAbort;
import io.bpmnagents.transcript.Usage;

/**
 * A model call refused because the run's budget is used up; the task raises the BPMN
 * error {@value RunBudget#ERROR_CODE} with this message.
 */
public class BudgetExhaustedException extends RuntimeException implements ToolCallAbort {

	private final String limit;

	BudgetExhaustedException(String limit, Number value, Usage used) {
		super("Budget exhausted: the run reached its " + limit + " of " + value + ". Usage so far: " + used.calls()
				+ " model calls, " + (used.promptTokens() + used.completionTokens()) + " tokens (" + used.promptTokens()
				+ " prompt, " + used.completionTokens() + " completion), cost "
				+ used.cost().stripTrailingZeros().toPlainString() + " USD. No further model call was made.");
		this.limit = limit;
	}

	/**
	 * The budget a replay meets where its original run met it: the replay has no more
	 * recorded answers there, and says what the original said.
	 */
	public static BudgetExhaustedException asRecorded(String originalMessage) {
		return new BudgetExhaustedException(originalMessage);
	}

	private BudgetExhaustedException(String originalMessage) {
		super(originalMessage);
		java.util.regex.Matcher limit = java.util.regex.Pattern.compile("reached its (\\w+) of")
			.matcher(originalMessage);
		this.limit = limit.find() ? limit.group(1) : "recorded";
	}

	/** Which limit was reached: maxCalls, maxTokens or maxCost. */
	public String limit() {
		return this.limit;
	}

}
