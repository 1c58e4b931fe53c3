package io.bpmnagents.quota;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The calendar day or month (UTC) a quota counts in at an instant. */
record QuotaWindow(Instant start, Instant end) {

	/** The window of a run's budget: the whole run. */
	static final QuotaWindow WHOLE_RUN = new QuotaWindow(Instant.EPOCH, Instant.MAX);

	static QuotaWindow of(QuotaProperties.Period period, Instant at) {
		LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
		LocalDate first = (period == QuotaProperties.Period.DAY) ? day : day.withDayOfMonth(1);
		LocalDate next = (period == QuotaProperties.Period.DAY) ? first.plusDays(1) : first.plusMonths(1);
		return new QuotaWindow(first.atStartOfDay().toInstant(ZoneOffset.UTC),
				next.atStartOfDay().toInstant(ZoneOffset.UTC));
	}

}
