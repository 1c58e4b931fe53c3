package io.bpmnagents.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.security.core.GrantedAuthority;

/**
 * HTTP Basic sends the password with every request; a client that polls a run would have
 * its password hash checked and its user and groups read (two statements) each time.
 * Logins verified within the last {@code bpmn-agents.security.login-cache-for} (10 s by
 * default, 0 switches it off) are remembered with their groups, in Caffeine, under a
 * salted SHA-256 of user and password (the password itself is not kept, and the salt is
 * new at every start). Any change to a user, a group or a membership on this node forgets
 * every remembered login at once (the identity provider calls {@link #forget()}, also
 * when that change commits); another node's change takes effect here within that time.
 */
class VerifiedLogins {

	private static final int MOST = 10_000;

	private final Cache<String, List<GrantedAuthority>> logins;

	private final boolean on;

	/** Counts the changes, so that a login checked before one is not remembered after. */
	private final AtomicLong changes = new AtomicLong();

	private final byte[] salt = new byte[32];

	VerifiedLogins(Duration keptFor) {
		this(keptFor, Ticker.systemTicker());
	}

	/** With the clock it times out on (a test's). */
	VerifiedLogins(Duration keptFor, Ticker ticker) {
		this.on = !keptFor.isNegative() && !keptFor.isZero();
		this.logins = Caffeine.newBuilder().expireAfterWrite(keptFor).maximumSize(MOST).ticker(ticker).build();
		new SecureRandom().nextBytes(this.salt);
	}

	/** The groups of this login, verified a moment ago; {@code null} if it was not. */
	List<GrantedAuthority> groupsOf(String user, String password) {
		return this.on ? this.logins.getIfPresent(key(user, password)) : null;
	}

	/** Taken before a login is checked, and handed to {@link #remember}. */
	long changes() {
		return this.changes.get();
	}

	/**
	 * Remembers a login just verified, unless users or groups changed since its check
	 * began ({@code changesBefore}).
	 */
	void remember(String user, String password, List<GrantedAuthority> groups, long changesBefore) {
		if (!this.on) {
			return;
		}
		String key = key(user, password);
		this.logins.put(key, groups);
		// Checked after the put: a change that came meanwhile has either cleared it or
		// is seen here.
		if (this.changes.get() != changesBefore) {
			this.logins.invalidate(key);
		}
	}

	/** A user, group or membership changed: every login is checked afresh. */
	void forget() {
		this.changes.incrementAndGet();
		this.logins.invalidateAll();
	}

	private String key(String user, String password) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(this.salt);
			digest.update(user.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(password.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
