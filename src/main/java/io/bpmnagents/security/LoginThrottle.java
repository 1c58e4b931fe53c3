package io.bpmnagents.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * Failed logins, counted so that guessing stays bounded while correct passwords keep
 * working. The client is the address (IPv6: its /64 network); each allowance below is a
 * Bucket4j bucket of {@code N} failures per window that comes back gradually, one failure
 * every {@code window / N}.
 * <ul>
 * <li>A client that has not logged in to an account before (a stranger) is counted twice:
 * against its address ({@code maxFailures}, whatever accounts it tries) and against the
 * account ({@code maxAccountFailures}, from all strangers together). When either is used
 * up, strangers' attempts are refused unchecked: one address cannot spray every account,
 * and many addresses cannot take turns on one.</li>
 * <li>A client that has logged in to an account (within {@code knownFor}) is counted
 * against that pair only ({@code maxFailures}). So a stranger behind the same address (a
 * NAT, a proxy) or guessing the account from elsewhere never locks its owner out at the
 * places the owner uses, and the owner's own typos count against nobody else.</li>
 * </ul>
 * A success does not clear earlier failures: logging in to one account does not buy more
 * guesses at another. Each attempt takes its failure out of the buckets before the
 * password is checked, and a correct password gives it back, so guesses sent all at once
 * get no more than the allowance. An attempt that finds an allowance taken up by checks
 * still running waits for them (at most {@link #WAIT_FOR_CHECKS}) instead of being
 * refused: more correct logins of one person at once than the allowance (a client polling
 * with several connections) all pass, while guesses still get no more than the allowance.
 * Buckets that are full again are forgotten, so the tables stay small.
 */
class LoginThrottle {

	private static final int CLEANUP_AT = 10_000;

	/** The longest an attempt waits for the checks that hold its allowance. */
	static final Duration WAIT_FOR_CHECKS = Duration.ofSeconds(5);

	/** Checks running, per bucket they reserved a failure of; guarded by itself. */
	private final Map<Bucket, Integer> checking = new java.util.HashMap<>();

	private final Limits limits;

	private final Clock clock;

	private final TimeMeter time;

	private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();

	private final Map<String, Bucket> accounts = new ConcurrentHashMap<>();

	private final Map<String, Bucket> pairs = new ConcurrentHashMap<>();

	/** Address/account pairs that have logged in, until when they count as known. */
	private final Map<String, Instant> known = new ConcurrentHashMap<>();

	LoginThrottle(Limits limits, Clock clock) {
		this.limits = limits;
		this.clock = clock;
		this.time = new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return ChronoUnit.NANOS.between(Instant.EPOCH, clock.instant());
			}

			@Override
			public boolean isWallClockBased() {
				return true;
			}

		};
	}

	/**
	 * The allowances.
	 *
	 * @param maxFailures failures per window of one address as a stranger, and of one
	 * address at an account it has logged in to
	 * @param maxAccountFailures failures per window at one account from all strangers
	 * @param window the time in which an allowance comes back in full
	 * @param knownFor how long an address counts as known to an account after a login
	 */
	record Limits(int maxFailures, int maxAccountFailures, Duration window, Duration knownFor) {

		Limits {
			if (maxFailures < 1 || maxAccountFailures < 1 || window.isNegative() || window.isZero()
					|| knownFor.isNegative()) {
				throw new IllegalArgumentException("bpmn-agents.security: max-login-failures and "
						+ "max-account-login-failures must be at least 1, login-failure-window longer than 0, "
						+ "known-login-address-for not negative");
			}
		}

		static Limits of(RequestGuardsProperties properties) {
			return new Limits(properties.maxLoginFailures(), properties.maxAccountLoginFailures(),
					properties.loginFailureWindow(), properties.knownLoginAddressFor());
		}

	}

	/** What became of a login attempt. */
	record Outcome(boolean passed, Duration retryAfter) {

		/** An allowance was used up; the password was not checked. */
		boolean refused() {
			return !this.retryAfter.isZero();
		}

	}

	/**
	 * Checks a password given for an account from an address, unless an allowance the
	 * attempt counts against is used up, and counts a failure.
	 */
	Outcome check(String address, String account, BooleanSupplier password) {
		String client = client(address);
		// Ids that differ in case only may be one account in a case-insensitive database.
		String user = (account != null) ? account.toLowerCase(Locale.ROOT) : "";
		String pair = client + ' ' + user;
		Instant now = this.clock.instant();
		Instant knownUntil = this.known.get(pair);
		List<Bucket> buckets = (knownUntil != null && knownUntil.isAfter(now))
				? List.of(bucket(this.pairs, pair, this.limits.maxFailures()))
				: List.of(bucket(this.addresses, client, this.limits.maxFailures()),
						bucket(this.accounts, user, this.limits.maxAccountFailures()));
		Duration wait = reserveWaitingForChecks(buckets);
		if (!wait.isZero()) {
			return new Outcome(false, wait);
		}
		boolean right;
		try {
			right = password.getAsBoolean();
		}
		catch (RuntimeException ex) {
			giveBack(buckets);
			ended(buckets);
			throw ex;
		}
		if (right) {
			giveBack(buckets);
		}
		ended(buckets);
		if (!right) {
			return new Outcome(false, Duration.ZERO);
		}
		this.known.put(pair, now.plus(this.limits.knownFor()));
		if (this.known.size() > CLEANUP_AT) {
			this.known.values().removeIf((until) -> !until.isAfter(now));
		}
		return new Outcome(true, Duration.ZERO);
	}

	/**
	 * Reserves a failure of each bucket; while a bucket is used up only by checks still
	 * running, waits for them (a correct password gives its failure back), at most
	 * {@link #WAIT_FOR_CHECKS}. Answers how long to wait when refused, else zero.
	 */
	private Duration reserveWaitingForChecks(List<Bucket> buckets) {
		long deadline = System.nanoTime() + WAIT_FOR_CHECKS.toNanos();
		synchronized (this.checking) {
			while (true) {
				Duration wait = reserve(buckets);
				if (wait.isZero()) {
					buckets.forEach((bucket) -> this.checking.merge(bucket, 1, Integer::sum));
					return wait;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0 || buckets.stream().noneMatch(this.checking::containsKey)) {
					return wait;
				}
				try {
					this.checking.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return wait;
				}
			}
		}
	}

	/** A check that reserved failures of these buckets has ended. */
	private void ended(List<Bucket> buckets) {
		synchronized (this.checking) {
			buckets.forEach((bucket) -> this.checking.computeIfPresent(bucket, (key, n) -> (n > 1) ? n - 1 : null));
			this.checking.notifyAll();
		}
	}

	/** Takes one failure out of each bucket, or none and says how long to wait. */
	private static Duration reserve(List<Bucket> buckets) {
		for (int i = 0; i < buckets.size(); i++) {
			ConsumptionProbe probe = buckets.get(i).tryConsumeAndReturnRemaining(1);
			if (!probe.isConsumed()) {
				giveBack(buckets.subList(0, i));
				long nanos = buckets.stream()
					.mapToLong((bucket) -> bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill())
					.max()
					.orElse(0);
				return Duration.ofNanos(Math.max(nanos, probe.getNanosToWaitForRefill())).plusNanos(1);
			}
		}
		return Duration.ZERO;
	}

	private static void giveBack(List<Bucket> buckets) {
		buckets.forEach((bucket) -> bucket.addTokens(1));
	}

	private Bucket bucket(Map<String, Bucket> buckets, String key, int capacity) {
		Bucket bucket = buckets.get(key);
		if (bucket != null) {
			return bucket;
		}
		if (buckets.size() > CLEANUP_AT) {
			// A full bucket is the same as none.
			buckets.values().removeIf((old) -> old.getAvailableTokens() >= capacity);
		}
		return buckets.computeIfAbsent(key,
				(k) -> Bucket.builder()
					.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, this.limits.window()))
					.withCustomTimePrecision(this.time)
					.build());
	}

	/**
	 * The client an address stands for: an IPv4 address, or the /64 network of an IPv6
	 * address, since one client can easily use every address of its /64.
	 */
	static String client(String address) {
		if (address == null || address.indexOf(':') < 0) {
			return String.valueOf(address);
		}
		try {
			// A literal IPv6 address is parsed, never looked up.
			byte[] bytes = InetAddress.getByName(address).getAddress();
			return (bytes.length == 16) ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
		}
		catch (UnknownHostException ex) {
			return address;
		}
	}

}
