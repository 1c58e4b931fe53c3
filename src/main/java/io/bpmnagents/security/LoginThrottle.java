package io.bpmnagents.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Failed logins per client address (IPv6: per /64 network). After {@code maxFailures}
 * failures within the window the address is refused until the window of its first failure
 * has passed; a success does not clear the count, so a known account cannot be used to
 * keep guessing another. Addresses whose window has passed are forgotten, so the table
 * stays small.
 * <p>
 * The checks of one address take turns (a lock per stripe of addresses), so guesses sent
 * all at once still see each other's failures and the allowance stays exact. A check is a
 * hash and one query, so honest clients that send many requests at once wait little.
 */
class LoginThrottle {

	private static final int CLEANUP_AT = 10_000;

	private static final int STRIPES = 256;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

	LoginThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
		for (int i = 0; i < STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/** What became of a login attempt. */
	record Outcome(boolean passed, Duration retryAfter) {

		/** The address had used up its allowance; the password was not checked. */
		boolean refused() {
			return !this.retryAfter.isZero();
		}

	}

	/**
	 * Checks a password from an address, unless the address has used up its allowance,
	 * and counts a failure.
	 */
	Outcome check(String address, BooleanSupplier password) {
		String client = client(address);
		ReentrantLock lock = this.locks[Math.floorMod(client.hashCode(), STRIPES)];
		lock.lock();
		try {
			Duration wait = blockedFor(client);
			if (!wait.isZero()) {
				return new Outcome(false, wait);
			}
			if (password.getAsBoolean()) {
				return new Outcome(true, Duration.ZERO);
			}
			failed(client);
			return new Outcome(false, Duration.ZERO);
		}
		finally {
			lock.unlock();
		}
	}

	private Duration blockedFor(String client) {
		Failures current = this.failures.get(client);
		Instant now = this.clock.instant();
		if (current == null || !current.until().isAfter(now) || current.count() < this.maxFailures) {
			return Duration.ZERO;
		}
		return Duration.between(now, current.until());
	}

	private void failed(String client) {
		Instant now = this.clock.instant();
		this.failures.compute(client, (key, current) -> (current == null || !current.until().isAfter(now))
				? new Failures(1, now.plus(this.window)) : new Failures(current.count() + 1, current.until()));
		if (this.failures.size() > CLEANUP_AT) {
			this.failures.values().removeIf((entry) -> !entry.until().isAfter(now));
		}
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

	private record Failures(int count, Instant until) {
	}

}
