package io.bpmnagents.quota;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * Gauges of every quota, for Prometheus: {@code bpmn_agents_quota_used} and
 * {@code bpmn_agents_quota_limit}, tagged {@code quota} (its key), {@code scope},
 * {@code name}, {@code period} and {@code kind} (calls, tokens, cost). The counters are
 * read once per scrape at most every few seconds, not once per gauge.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class QuotaGauges implements MeterBinder {

	private static final Duration FRESH = Duration.ofSeconds(5);

	private final Quotas quotas;

	private volatile Map<String, Quotas.QuotaUse> snapshot = Map.of();

	private volatile Instant takenAt = Instant.EPOCH;

	@Override
	public void bindTo(MeterRegistry registry) {
		for (QuotaProperties.Quota quota : this.quotas.all()) {
			gauge(registry, quota, "calls", (use) -> use.used().calls(), (use) -> use.limit().calls());
			gauge(registry, quota, "tokens", (use) -> use.used().tokens(), (use) -> use.limit().tokens());
			gauge(registry, quota, "cost", (use) -> use.used().cost(), (use) -> use.limit().cost());
		}
	}

	private void gauge(MeterRegistry registry, QuotaProperties.Quota quota, String kind,
			Function<Quotas.QuotaUse, Number> used, Function<Quotas.QuotaUse, Number> limit) {
		Gauge.builder("bpmn_agents.quota.used", () -> value(quota, used))
			.description("Use of a quota in its current window")
			.tags("quota", quota.key(), "scope", quota.scope().name().toLowerCase(), "name", quota.name(), "period",
					quota.period().name().toLowerCase(), "kind", kind)
			.register(registry);
		Gauge.builder("bpmn_agents.quota.limit", () -> value(quota, limit))
			.description("Limit of a quota in its current window (NaN: none)")
			.tags("quota", quota.key(), "scope", quota.scope().name().toLowerCase(), "name", quota.name(), "period",
					quota.period().name().toLowerCase(), "kind", kind)
			.register(registry);
	}

	private double value(QuotaProperties.Quota quota, Function<Quotas.QuotaUse, Number> of) {
		Quotas.QuotaUse use = current().get(quota.key());
		Number value = (use != null) ? of.apply(use) : null;
		if (value instanceof BigDecimal decimal) {
			return decimal.doubleValue();
		}
		return (value != null) ? value.doubleValue() : Double.NaN;
	}

	private Map<String, Quotas.QuotaUse> current() {
		if (Instant.now().isAfter(this.takenAt.plus(FRESH))) {
			List<Quotas.QuotaUse> uses = this.quotas.uses((quota) -> true);
			this.snapshot = uses.stream().collect(Collectors.toMap(Quotas.QuotaUse::key, Function.identity()));
			this.takenAt = Instant.now();
		}
		return this.snapshot;
	}

}
