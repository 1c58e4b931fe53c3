package io.bpmnagents.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.bpmnagents.quota.QuotaLedger;
import io.bpmnagents.quota.Reservation;
import io.bpmnagents.transcript.Usage;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A run's budget: {@code maxCalls}, {@code maxTokens} (prompt and completion together)
 * and {@code maxCost} (USD by {@code llm.prices}), process variables of the run's root
 * instance, each optional. Held like a quota, in a counter of its own for the whole run
 * ({@link QuotaLedger}, key {@code run:<run id>}): each model call reserves one call and
 * its estimate before it is made and settles with what it used, so parallel calls in
 * flight cannot pass a limit together; a call starts only while what was used and what
 * calls in flight reserved are under every limit (the one call that crosses a token or
 * cost limit ends, as its real use is known only then).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunBudget {

	/** The BPMN error an exhausted budget raises on the agent task. */
	public static final String ERROR_CODE = "BUDGET_EXHAUSTED";

	public static final String MAX_CALLS = "maxCalls";

	public static final String MAX_TOKENS = "maxTokens";

	public static final String MAX_COST = "maxCost";

	/**
	 * The limits among the run's own variables: numbers are kept in LONG_ (integer, long,
	 * short) or DOUBLE_ (double); any other type is no limit.
	 * <p>
	 * Written so that PostgreSQL plans it once per connection and keeps that plan (issue
	 * 21): it runs before every model call. A prepared statement gets a plan made for its
	 * parameters' values (custom) until the server judges the plan made for any values
	 * (generic) as cheap. With {@code EXECUTION_ID_ = :run} the custom plan estimates the
	 * run's rows from the column's statistics (a run started since the last ANALYZE is
	 * not among its common values, so few rows), the generic one from the average; when
	 * their costs differ enough, the statement was planned again at every call. The run's
	 * id as a sub-select is a value no plan knows in advance (an init plan's output), and
	 * the names are constants, so both plans estimate the same cost and the generic one,
	 * which is not planned again, is kept. H2 reduces the sub-select to the value and
	 * uses the same index on EXECUTION_ID_.
	 */
	private static final String LIMITS = """
			SELECT NAME_, TYPE_, LONG_, DOUBLE_ FROM ACT_RU_VARIABLE
			WHERE EXECUTION_ID_ = (SELECT CAST(:run AS VARCHAR(64)))
			  AND NAME_ IN ('%s', '%s', '%s')
			  AND TYPE_ IN ('integer', 'long', 'short', 'double')
			""".formatted(MAX_CALLS, MAX_TOKENS, MAX_COST);

	private final JdbcClient jdbc;

	private final UsageCalculator usage;

	private final QuotaLedger ledger;

	/**
	 * Reserves the next model call of a run in its budget; nothing when the run set none.
	 * @param runId the run's root process instance
	 * @throws BudgetExhaustedException naming the limit reached and the usage so far
	 */
	public Reservation reserve(String runId, QuotaLedger.Estimate estimate) {
		Map<String, Object> limits = limits(runId);
		if (limits.isEmpty()) {
			return Reservation.NONE;
		}
		Number maxCalls = (Number) limits.get(MAX_CALLS);
		Number maxTokens = (Number) limits.get(MAX_TOKENS);
		Number maxCost = (Number) limits.get(MAX_COST);
		QuotaLedger.Limits budget = new QuotaLedger.Limits((maxCalls != null) ? maxCalls.longValue() : null,
				(maxTokens != null) ? maxTokens.longValue() : null,
				(maxCost != null) ? new BigDecimal(maxCost.toString()) : null);
		String key = "run:" + runId;
		// The counter starts from the transcript: calls made before the run had one
		// count.
		if (!this.ledger.reserve(key, Instant.EPOCH, budget, estimate, () -> {
			Usage used = this.usage.of(runId);
			return new QuotaLedger.Use(used.calls(), used.promptTokens() + used.completionTokens(), used.cost());
		})) {
			String spent = this.ledger.counter(key, Instant.EPOCH).map((counter) -> counter.spent(budget)).orElse(null);
			Usage used = this.usage.of(runId);
			if ("max-calls".equals(spent) || (spent == null && maxCalls != null)) {
				throw new BudgetExhaustedException(MAX_CALLS, maxCalls, used);
			}
			if ("max-tokens".equals(spent) || (spent == null && maxTokens != null)) {
				throw new BudgetExhaustedException(MAX_TOKENS, maxTokens, used);
			}
			throw new BudgetExhaustedException(MAX_COST, maxCost, used);
		}
		return Reservation.in(this.ledger, key, Instant.EPOCH, estimate);
	}

	/**
	 * The limits the run set, by name; empty when it set none, or when the run has ended
	 * (stopped, timed out) while its task was still delivered: there is nothing left to
	 * budget, and its answer will not be recorded. Only these three variables are read,
	 * not every variable of the run (its long JSON collections among them): this runs
	 * before every model call, so it is one plain indexed statement rather than the
	 * engine's variable query, whose dynamic SQL costs more CPU than the read.
	 */
	private Map<String, Object> limits(String runId) {
		Map<String, Object> limits = new HashMap<>();
		this.jdbc.sql(LIMITS).param("run", runId).query((row) -> {
			Number value = "double".equals(row.getString("TYPE_")) ? (Number) row.getObject("DOUBLE_", Double.class)
					: (Number) row.getObject("LONG_", Long.class);
			if (value != null) {
				limits.put(row.getString("NAME_"), value);
			}
		});
		return limits;
	}

}
