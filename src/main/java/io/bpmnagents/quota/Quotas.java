package io.bpmnagents.quota;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The configured quotas: which apply to a call, reserving a call in each, and their use
 * in the current window. With no quota configured a call costs no query.
 */
@Service
public class Quotas {

	private final List<QuotaProperties.Quota> quotas;

	private final boolean byStarter;

	private final QuotaLedger ledger;

	private final RunStarters starters;

	private final Clock clock;

	Quotas(QuotaProperties properties, QuotaLedger ledger, RunStarters starters, ObjectProvider<Clock> clock) {
		this.quotas = properties.quotas();
		this.byStarter = this.quotas.stream()
			.anyMatch((quota) -> quota.scope() == QuotaProperties.Scope.USER
					|| quota.scope() == QuotaProperties.Scope.GROUP);
		this.ledger = ledger;
		this.starters = starters;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Reserves a call in every quota that applies to it.
	 * @param processKey the key of the process whose task calls
	 * @param model the model asked
	 * @throws QuotaExhaustedException for the first quota without room; nothing stays
	 * reserved then
	 */
	public Reservation reserve(String runId, String processKey, String model, QuotaLedger.Estimate estimate) {
		if (this.quotas.isEmpty()) {
			return Reservation.NONE;
		}
		RunStarters.Starter starter = this.byStarter ? this.starters.of(runId) : null;
		Instant now = this.clock.instant();
		List<Reservation> held = new ArrayList<>();
		for (QuotaProperties.Quota quota : this.quotas) {
			if (!applies(quota, starter, processKey, model)) {
				continue;
			}
			QuotaWindow window = QuotaWindow.of(quota.period(), now);
			if (!this.ledger.reserve(quota.key(), window.start(), quota.limits(), estimate,
					() -> QuotaLedger.Use.NONE)) {
				Reservation.all(held).release();
				QuotaLedger.Counter counter = this.ledger.counter(quota.key(), window.start()).orElseThrow();
				String limit = counter.spent(quota.limits());
				throw new QuotaExhaustedException(quota, window, (limit != null) ? limit : "limit", counter);
			}
			held.add(Reservation.in(this.ledger, quota.key(), window.start(), estimate));
		}
		return Reservation.all(held);
	}

	private static boolean applies(QuotaProperties.Quota quota, RunStarters.Starter starter, String processKey,
			String model) {
		return switch (quota.scope()) {
			case USER -> starter != null && quota.name().equals(starter.user());
			case GROUP -> starter != null && starter.groups().contains(quota.name());
			case PROCESS -> quota.name().equals(processKey);
			case MODEL -> quota.name().equals(model);
		};
	}

	/**
	 * Each quota that {@code visible} lets through, with its use in the current window.
	 */
	public List<QuotaUse> uses(Predicate<QuotaProperties.Quota> visible) {
		Instant now = this.clock.instant();
		List<QuotaUse> uses = new ArrayList<>();
		for (QuotaProperties.Quota quota : this.quotas) {
			if (!visible.test(quota)) {
				continue;
			}
			QuotaWindow window = QuotaWindow.of(quota.period(), now);
			QuotaLedger.Counter counter = this.ledger.counter(quota.key(), window.start())
				.orElse(new QuotaLedger.Counter(QuotaLedger.Use.NONE, QuotaLedger.Use.NONE, QuotaLedger.Use.NONE, null,
						null));
			uses.add(QuotaUse.of(quota, window, counter));
		}
		return uses;
	}

	public List<QuotaProperties.Quota> all() {
		return this.quotas;
	}

	/**
	 * A quota and its use in the current window, as {@code GET /api/quotas} shows it.
	 *
	 * @param limit the configured limits plus what an administrator allowed on top; null:
	 * none
	 * @param reserved what calls in flight reserved
	 * @param allowedMore what administrators allowed on top in this window, last by
	 * {@code raisedBy} at {@code raisedAt}
	 * @param requests the requests to allow more in this window and their decisions
	 * ({@code on-exhausted: ask}; shown to administrators only)
	 */
	public record QuotaUse(String key, String scope, String name, String period, String onExhausted,
			Instant windowStart, Instant windowEnd, Amounts limit, Amounts used, Amounts reserved, Amounts allowedMore,
			String raisedBy, Instant raisedAt, List<QuotaRequests.Request> requests) {

		QuotaUse withRequests(List<QuotaRequests.Request> requests) {
			return new QuotaUse(this.key, this.scope, this.name, this.period, this.onExhausted, this.windowStart,
					this.windowEnd, this.limit, this.used, this.reserved, this.allowedMore, this.raisedBy,
					this.raisedAt, requests);
		}

		static QuotaUse of(QuotaProperties.Quota quota, QuotaWindow window, QuotaLedger.Counter counter) {
			QuotaLedger.Use extra = counter.extra();
			return new QuotaUse(quota.key(), lower(quota.scope()), quota.name(), lower(quota.period()),
					lower(quota.onExhausted()), window.start(), window.end(),
					new Amounts((quota.maxCalls() != null) ? quota.maxCalls() + extra.calls() : null,
							(quota.maxTokens() != null) ? quota.maxTokens() + extra.tokens() : null,
							(quota.maxCost() != null) ? quota.maxCost().add(extra.cost()) : null),
					Amounts.of(counter.used()), Amounts.of(counter.reserved()), Amounts.of(extra), counter.raisedBy(),
					counter.raisedAt(), List.of());
		}

		private static String lower(Enum<?> value) {
			return value.name().toLowerCase(Locale.ROOT);
		}

	}

	/** Calls, tokens and cost (USD); a null is no limit. */
	public record Amounts(Long calls, Long tokens, BigDecimal cost) {

		static Amounts of(QuotaLedger.Use use) {
			return new Amounts(use.calls(), use.tokens(), use.cost().stripTrailingZeros());
		}

	}

}
