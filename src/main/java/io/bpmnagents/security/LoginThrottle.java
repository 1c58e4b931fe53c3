package io.bpmnagents.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per client address (IPv6: per /64 network). After {@code maxFailures}
 * failures within the window the address is refused until the window of its first failure
 * has passed; a success does not clear the count, so a known account cannot be used to
 * keep guessing another. Addresses whose window has passed are forgotten, so the table
 * stays small.
 */
class LoginThrottle {

	private static final int CLEANUP_AT = 10_000;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	private final Map<String, Failures> failures = new ConcurrentHashMap<>();

	LoginThrottle(int maxFailures, Duration window, Clock clock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	/** How long the address must wait before its next login, or zero when it may try. */
	Duration blockedFor(String address) {
		Failures current = this.failures.get(client(address));
		Instant now = this.clock.instant();
		if (current == null || !current.until().isAfter(now) || current.count() < this.maxFailures) {
			return Duration.ZERO;
		}
		return Duration.between(now, current.until());
	}

	void failed(String address) {
		Instant now = this.clock.instant();
		this.failures.compute(client(address), (key, current) -> (current == null || !current.until().isAfter(now))
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
