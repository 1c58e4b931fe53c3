package io.bpmnagents.quota;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a call reserved in the counters, to be settled once with what it used, or released
 * if it was not made.
 */
public interface Reservation {

	/** Nothing reserved: nothing to settle. */
	Reservation NONE = new Reservation() {

		@Override
		public void settle(long tokens, BigDecimal cost) {
		}

		@Override
		public void release() {
		}

	};

	void settle(long tokens, BigDecimal cost);

	void release();

	/** One call reserved in one counter. */
	static Reservation in(QuotaLedger ledger, String key, Instant window, QuotaLedger.Estimate estimate) {
		return new Reservation() {

			@Override
			public void settle(long tokens, BigDecimal cost) {
				ledger.settle(key, window, estimate, tokens, cost);
			}

			@Override
			public void release() {
				ledger.release(key, window, estimate);
			}

		};
	}

	/** Several reservations settled and released together. */
	static Reservation all(List<Reservation> reservations) {
		if (reservations.isEmpty()) {
			return NONE;
		}
		List<Reservation> held = List.copyOf(reservations);
		return new Reservation() {

			@Override
			public void settle(long tokens, BigDecimal cost) {
				held.forEach((reservation) -> reservation.settle(tokens, cost));
			}

			@Override
			public void release() {
				held.forEach(Reservation::release);
			}

		};
	}

}
