package io.bpmnagents.quota;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The counters: one row per quota and window ({@code quota_counter}) with what calls
 * used, what calls in flight reserved and what an administrator allowed on top. A
 * reservation is one conditional UPDATE — the row changes only if the use and the
 * reservations so far leave room under every limit — so on H2 and PostgreSQL alike two
 * nodes cannot both take the last room: the second UPDATE waits for the first's row lock,
 * then sees its reservation.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class QuotaLedger {

	private final JdbcClient jdbc;

	/** Limits; null is no limit. {@code cost} in USD. */
	public record Limits(Long calls, Long tokens, BigDecimal cost) {
	}

	/** What one call is expected to use, reserved until it is settled. */
	public record Estimate(long tokens, BigDecimal cost) {
	}

	/** Calls, tokens and cost. */
	public record Use(long calls, long tokens, BigDecimal cost) {

		public static final Use NONE = new Use(0, 0, BigDecimal.ZERO);

	}

	/** A counter row as it stands. */
	public record Counter(Use used, Use reserved, Use extra, String raisedBy, Instant raisedAt) {

		/** The limit that leaves no room, by its configuration name; null if none. */
		public String spent(Limits limits) {
			if (limits.calls() != null
					&& this.used.calls() + this.reserved.calls() >= limits.calls() + this.extra.calls()) {
				return "max-calls";
			}
			if (limits.tokens() != null
					&& this.used.tokens() + this.reserved.tokens() >= limits.tokens() + this.extra.tokens()) {
				return "max-tokens";
			}
			if (limits.cost() != null && this.used.cost()
				.add(this.reserved.cost())
				.compareTo(limits.cost().add(this.extra.cost())) >= 0) {
				return "max-cost";
			}
			return null;
		}

	}

	/**
	 * Reserves one call and its estimate if every limit has room left: the use so far and
	 * the reservations of calls in flight are under it.
	 * @param initial what the counter starts from when this is its first call
	 * @return whether the call was reserved
	 */
	public boolean reserve(String key, Instant window, Limits limits, Estimate estimate, Supplier<Use> initial) {
		if (reserveIfRoom(key, window, limits, estimate)) {
			return true;
		}
		if (counter(key, window).isPresent()) {
			// The row may have been made by another call since this call's update found
			// none: only an update of the row says whether there is room.
			return reserveIfRoom(key, window, limits, estimate);
		}
		Use start = initial.get();
		try {
			this.jdbc.sql("""
					INSERT INTO quota_counter (quota_key, window_start, calls, tokens, cost)
					VALUES (:key, :window, :calls, :tokens, :cost)
					""")
				.param("key", key)
				.param("window", Timestamp.from(window))
				.param("calls", start.calls())
				.param("tokens", start.tokens())
				.param("cost", start.cost())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// another call made the row first: reserve in it as in any other
		}
		return reserveIfRoom(key, window, limits, estimate);
	}

	private boolean reserveIfRoom(String key, Instant window, Limits limits, Estimate estimate) {
		StringBuilder sql = new StringBuilder("""
				UPDATE quota_counter SET reserved_calls = reserved_calls + 1,
				  reserved_tokens = reserved_tokens + :tokens, reserved_cost = reserved_cost + :cost
				WHERE quota_key = :key AND window_start = :window""");
		if (limits.calls() != null) {
			sql.append(" AND calls + reserved_calls < :maxCalls + extra_calls");
		}
		if (limits.tokens() != null) {
			sql.append(" AND tokens + reserved_tokens < :maxTokens + extra_tokens");
		}
		if (limits.cost() != null) {
			sql.append(" AND cost + reserved_cost < :maxCost + extra_cost");
		}
		JdbcClient.StatementSpec update = this.jdbc.sql(sql.toString())
			.param("tokens", estimate.tokens())
			.param("cost", estimate.cost())
			.param("key", key)
			.param("window", Timestamp.from(window));
		if (limits.calls() != null) {
			update = update.param("maxCalls", limits.calls());
		}
		if (limits.tokens() != null) {
			update = update.param("maxTokens", limits.tokens());
		}
		if (limits.cost() != null) {
			update = update.param("maxCost", limits.cost());
		}
		return update.update() == 1;
	}

	/**
	 * Settles a reserved call: its reservation goes, the call and what it really used
	 * count. A call that failed counts as a call, with the tokens it was charged.
	 */
	public void settle(String key, Instant window, Estimate estimate, long tokens, BigDecimal cost) {
		this.jdbc.sql("""
				UPDATE quota_counter SET reserved_calls = reserved_calls - 1,
				  reserved_tokens = reserved_tokens - :estimatedTokens, reserved_cost = reserved_cost - :estimatedCost,
				  calls = calls + 1, tokens = tokens + :tokens, cost = cost + :cost
				WHERE quota_key = :key AND window_start = :window
				""")
			.param("estimatedTokens", estimate.tokens())
			.param("estimatedCost", estimate.cost())
			.param("tokens", tokens)
			.param("cost", cost)
			.param("key", key)
			.param("window", Timestamp.from(window))
			.update();
	}

	/** Gives a reservation back for a call that was not made. */
	public void release(String key, Instant window, Estimate estimate) {
		this.jdbc.sql("""
				UPDATE quota_counter SET reserved_calls = reserved_calls - 1,
				  reserved_tokens = reserved_tokens - :tokens, reserved_cost = reserved_cost - :cost
				WHERE quota_key = :key AND window_start = :window
				""")
			.param("tokens", estimate.tokens())
			.param("cost", estimate.cost())
			.param("key", key)
			.param("window", Timestamp.from(window))
			.update();
	}

	public Optional<Counter> counter(String key, Instant window) {
		return this.jdbc.sql("SELECT * FROM quota_counter WHERE quota_key = :key AND window_start = :window")
			.param("key", key)
			.param("window", Timestamp.from(window))
			.query((rs, n) -> new Counter(new Use(rs.getLong("calls"), rs.getLong("tokens"), rs.getBigDecimal("cost")),
					new Use(rs.getLong("reserved_calls"), rs.getLong("reserved_tokens"),
							rs.getBigDecimal("reserved_cost")),
					new Use(rs.getLong("extra_calls"), rs.getLong("extra_tokens"), rs.getBigDecimal("extra_cost")),
					rs.getString("raised_by"),
					(rs.getTimestamp("raised_at") != null) ? rs.getTimestamp("raised_at").toInstant() : null))
			.optional();
	}

}
