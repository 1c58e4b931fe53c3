package io.bpmnagents.quota;

import java.time.Instant;

import io.bpmnagents.tool.ToolCallAbort;

/**
 * A model call refused because a quota is spent. What follows is the quota's
 * {@code on-exhausted}: the BPMN error {@value #ERROR_CODE}, a wait until the window
 * turns, or a request to an administrator.
 */
public class QuotaExhaustedException extends RuntimeException implements ToolCallAbort {

	/**
	 * The BPMN error a spent quota raises on the agent task
	 * ({@code on-exhausted: error}).
	 */
	public static final String ERROR_CODE = "QUOTA_EXHAUSTED";

	private final QuotaProperties.Quota quota;

	private final Instant windowStart;

	private final Instant windowEnd;

	QuotaExhaustedException(QuotaProperties.Quota quota, QuotaWindow window, String limit,
			QuotaLedger.Counter counter) {
		super("Quota exhausted: " + quota.key() + " reached its " + limit + " for the " + describe(quota.period())
				+ " from " + window.start() + " (used " + counter.used().calls() + " calls, " + counter.used().tokens()
				+ " tokens, cost " + counter.used().cost().stripTrailingZeros().toPlainString() + " USD; "
				+ counter.reserved().calls() + " calls in flight). No model call was made. The window turns at "
				+ window.end() + "; an administrator can raise bpmn-agents.quotas or allow more for this "
				+ describe(quota.period()) + ".");
		this.quota = quota;
		this.windowStart = window.start();
		this.windowEnd = window.end();
	}

	private static String describe(QuotaProperties.Period period) {
		return (period == QuotaProperties.Period.DAY) ? "day" : "month";
	}

	public QuotaProperties.Quota quota() {
		return this.quota;
	}

	public QuotaProperties.OnExhausted onExhausted() {
		return this.quota.onExhausted();
	}

	public Instant windowStart() {
		return this.windowStart;
	}

	/** When the window turns and the quota has room again. */
	public Instant windowEnd() {
		return this.windowEnd;
	}

}
