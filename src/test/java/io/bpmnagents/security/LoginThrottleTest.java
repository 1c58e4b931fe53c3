package io.bpmnagents.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoginThrottleTest {

	/** A clock the test moves by hand. */
	private static final class HandClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

	private final HandClock clock = new HandClock();

	/**
	 * Three failures per address, five per account from strangers, per quarter of an
	 * hour: one failure comes back every five minutes.
	 */
	private final LoginThrottle throttle = new LoginThrottle(
			new LoginThrottle.Limits(3, 5, Duration.ofMinutes(15), Duration.ofDays(30)), this.clock);

	private LoginThrottle.Outcome wrong(String address, String account) {
		return this.throttle.check(address, account, () -> false);
	}

	private LoginThrottle.Outcome right(String address, String account) {
		return this.throttle.check(address, account, () -> true);
	}

	@Test
	void aStrangersAddressIsRefusedUncheckedOnceItsAllowanceIsUsedUpWhateverTheAccounts() {
		wrong("203.0.113.5", "ada");
		wrong("203.0.113.5", "bob");
		wrong("203.0.113.5", "cy");

		LoginThrottle.Outcome refused = right("203.0.113.5", "dee");

		assertThat(refused.refused()).isTrue();
		assertThat(refused.passed()).isFalse();
		assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5).plusNanos(1));
		assertThat(right("203.0.113.6", "dee").passed()).isTrue();
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(right("203.0.113.5", "dee").passed()).isTrue();
	}

	@Test
	void aRefusedAttemptIsNotChecked() {
		for (int i = 0; i < 3; i++) {
			wrong("203.0.113.8", "ada");
		}
		AtomicInteger checks = new AtomicInteger();

		this.throttle.check("203.0.113.8", "ada", () -> checks.incrementAndGet() > 0);

		assertThat(checks).hasValue(0);
	}

	@Test
	void theAllowanceComesBackInFullAfterTheWindow() {
		for (int i = 0; i < 3; i++) {
			wrong("203.0.113.7", "ada");
		}
		this.clock.advance(Duration.ofMinutes(15));

		for (int i = 0; i < 3; i++) {
			assertThat(wrong("203.0.113.7", "ada").refused()).isFalse();
		}
		assertThat(right("203.0.113.7", "ada").refused()).isTrue();
	}

	@Test
	void manyAddressesTakingTurnsAtOneAccountAreRefusedWhileItsOwnerKeepsLoggingInFromHome() {
		assertThat(right("198.51.100.1", "ada").passed()).isTrue();
		for (int i = 1; i <= 5; i++) {
			assertThat(wrong("203.0.113." + i, "ada").refused()).isFalse();
		}

		LoginThrottle.Outcome newcomer = right("203.0.113.99", "ada");
		LoginThrottle.Outcome owner = right("198.51.100.1", "ada");

		assertThat(newcomer.refused()).isTrue();
		assertThat(owner.passed()).isTrue();
		assertThat(right("203.0.113.99", "bob").passed()).isTrue();
	}

	@Test
	void aStrangerBehindASharedAddressDoesNotLockOutThoseWhoHaveLoggedInFromIt() {
		String nat = "192.0.2.10";
		assertThat(right(nat, "ada").passed()).isTrue();
		wrong(nat, "bob");
		wrong(nat, "cy");
		wrong(nat, "dee");

		assertThat(right(nat, "ada").passed()).isTrue();
		assertThat(right(nat, "eve").refused()).isTrue();
	}

	@Test
	void anAddressKnownToAnAccountStillHasOnlyItsAllowanceThere() {
		assertThat(right("192.0.2.20", "ada").passed()).isTrue();
		for (int i = 0; i < 3; i++) {
			assertThat(wrong("192.0.2.20", "ada").refused()).isFalse();
		}

		assertThat(right("192.0.2.20", "ada").refused()).isTrue();
	}

	@Test
	void loggingInToOneAccountBuysNoGuessesAtAnother() {
		wrong("192.0.2.30", "ada");
		wrong("192.0.2.30", "ada");
		assertThat(right("192.0.2.30", "mallory").passed()).isTrue();

		wrong("192.0.2.30", "ada");

		assertThat(wrong("192.0.2.30", "ada").refused()).isTrue();
	}

	@Test
	void accountIdsThatDifferInCaseOnlyCountTogether() {
		for (int i = 1; i <= 5; i++) {
			wrong("203.0.113." + (20 + i), (i % 2 == 0) ? "ADA" : "Ada");
		}

		assertThat(right("203.0.113.40", "ada").refused()).isTrue();
	}

	@Test
	void limitsThatAllowNoLoginAtAllAreRefusedAtStart() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle.Limits(0, 5, Duration.ofMinutes(15), Duration.ofDays(30)))
			.withMessageContaining("max-login-failures");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LoginThrottle.Limits(3, 5, Duration.ZERO, Duration.ofDays(30)));
	}

	@Test
	void theAddressesOfOneIpv6NetworkCountTogether() {
		wrong("2001:db8:1:2::1", "ada");
		wrong("2001:db8:1:2:ffff::9", "bob");
		wrong("2001:0db8:0001:0002:0:0:0:abcd", "cy");

		assertThat(right("2001:db8:1:2::77", "dee").refused()).isTrue();
		assertThat(right("2001:db8:1:3::1", "dee").passed()).isTrue();
		assertThat(LoginThrottle.client("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(LoginThrottle.client("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
	}

	@Test
	void guessesSentAllAtOnceGetNoMoreThanTheAllowance() throws Exception {
		int guesses = 40;
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger checked = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(guesses);
		try {
			List<Future<LoginThrottle.Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < guesses; i++) {
				outcomes.add(pool.submit(() -> {
					start.await();
					return this.throttle.check("203.0.113.9", "ada", () -> {
						checked.incrementAndGet();
						// A check takes a moment (a hash, a query): long enough for the
						// others to arrive while it runs.
						pause();
						return false;
					});
				}));
			}
			start.countDown();
			int refused = 0;
			for (Future<LoginThrottle.Outcome> outcome : outcomes) {
				refused += outcome.get(30, TimeUnit.SECONDS).refused() ? 1 : 0;
			}

			assertThat(checked).hasValue(3);
			assertThat(refused).isEqualTo(guesses - 3);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void moreCorrectLoginsAtOnceThanTheAllowanceAllPass() throws Exception {
		int logins = 12;
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger checked = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(logins);
		try {
			List<Future<LoginThrottle.Outcome>> outcomes = new ArrayList<>();
			for (int i = 0; i < logins; i++) {
				outcomes.add(pool.submit(() -> {
					start.await();
					return this.throttle.check("203.0.113.9", "ada", () -> {
						checked.incrementAndGet();
						pause();
						return true;
					});
				}));
			}
			start.countDown();

			for (Future<LoginThrottle.Outcome> outcome : outcomes) {
				assertThat(outcome.get(30, TimeUnit.SECONDS).passed()).isTrue();
			}
			assertThat(checked).hasValue(logins);
			// and no failure was counted: the allowance is whole for a mistyped password
			for (int i = 0; i < 3; i++) {
				assertThat(wrong("203.0.113.9", "ada").refused()).isFalse();
			}
			assertThat(wrong("203.0.113.9", "ada").refused()).isTrue();
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
