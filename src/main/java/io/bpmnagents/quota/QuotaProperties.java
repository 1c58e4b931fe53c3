package io.bpmnagents.quota;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The quotas an administrator sets, {@code bpmn-agents.quotas[i]}; none by default.
 *
 * @param quotas each a limit on the calls, tokens or cost of one user, group, process or
 * model in a day or a month
 */
@ConfigurationProperties("bpmn-agents")
public record QuotaProperties(List<Quota> quotas) {

	public QuotaProperties {
		quotas = (quotas != null) ? List.copyOf(quotas) : List.of();
		Set<String> keys = new HashSet<>();
		for (int i = 0; i < quotas.size(); i++) {
			Quota quota = quotas.get(i);
			String where = "bpmn-agents.quotas[" + i + "]";
			if (quota.scope() == null || quota.name() == null || quota.name().isBlank() || quota.period() == null) {
				throw new IllegalArgumentException(
						where + " needs a scope (user, group, process, model), a name and a period (day, month)");
			}
			if (quota.maxCalls() == null && quota.maxTokens() == null && quota.maxCost() == null) {
				throw new IllegalArgumentException(
						where + " (" + quota.key() + ") sets no limit: give max-calls, max-tokens or max-cost");
			}
			if (!keys.add(quota.key())) {
				throw new IllegalArgumentException(where + " repeats the quota " + quota.key());
			}
		}
	}

	/** Whom or what a quota counts. */
	public enum Scope {

		/** the person who started the run */
		USER,
		/** every member of the group, together: runs started by any of them */
		GROUP,
		/** runs of the process (the key of the process whose task calls) */
		PROCESS,
		/** calls to the model */
		MODEL

	}

	/** The window a quota counts in, in UTC: a calendar day or month. */
	public enum Period {

		DAY, MONTH

	}

	/** What happens to a call that a spent quota refuses. */
	public enum OnExhausted {

		/** the BPMN error {@code QUOTA_EXHAUSTED} on the agent task */
		ERROR,
		/** the task waits until the window turns, then asks again */
		WAIT,
		/**
		 * an administrator is asked in Tasklist to allow more; the task waits for the
		 * decision ({@link QuotaRequests})
		 */
		ASK

	}

	/**
	 * One quota; an unset limit is no limit.
	 *
	 * @param maxCost USD, by {@code llm.prices}
	 */
	public record Quota(Scope scope, String name, Period period, Long maxCalls, Long maxTokens, BigDecimal maxCost,
			@DefaultValue("error") OnExhausted onExhausted) {

		/** The quota's name in the counters, the API and the metrics. */
		public String key() {
			return lower(this.scope) + ":" + this.name + ":" + lower(this.period);
		}

		QuotaLedger.Limits limits() {
			return new QuotaLedger.Limits(this.maxCalls, this.maxTokens, this.maxCost);
		}

		private static String lower(Enum<?> value) {
			return value.name().toLowerCase(Locale.ROOT);
		}

	}

}
