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

	private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(15), this.clock);

	private LoginThrottle.Outcome wrong(String address) {
		return this.throttle.check(address, () -> false);
	}

	private LoginThrottle.Outcome right(String address) {
		return this.throttle.check(address, () -> true);
	}

	@Test
	void anAddressIsRefusedAfterItsAllowanceUntilTheWindowOfItsFirstFailureEnds() {
		wrong("203.0.113.5");
		this.clock.advance(Duration.ofMinutes(5));
		wrong("203.0.113.5");
		assertThat(right("203.0.113.5").passed()).isTrue();

		wrong("203.0.113.5");

		LoginThrottle.Outcome refused = right("203.0.113.5");
		assertThat(refused.refused()).isTrue();
		assertThat(refused.passed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(10));
		assertThat(right("203.0.113.6").passed()).isTrue();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(right("203.0.113.5").passed()).isTrue();
	}

	@Test
	void aRefusedAttemptIsNotChecked() {
		for (int i = 0; i < 3; i++) {
			wrong("203.0.113.8");
		}
		AtomicInteger checks = new AtomicInteger();

		this.throttle.check("203.0.113.8", () -> checks.incrementAndGet() > 0);

		assertThat(checks).hasValue(0);
	}

	@Test
	void aFreshWindowStartsAfterTheOldOneEnded() {
		for (int i = 0; i < 3; i++) {
			wrong("203.0.113.7");
		}
		this.clock.advance(Duration.ofMinutes(16));

		assertThat(wrong("203.0.113.7").refused()).isFalse();
		assertThat(right("203.0.113.7").passed()).isTrue();
	}

	@Test
	void theAddressesOfOneIpv6NetworkCountTogether() {
		wrong("2001:db8:1:2::1");
		wrong("2001:db8:1:2:ffff::9");
		wrong("2001:0db8:0001:0002:0:0:0:abcd");

		assertThat(right("2001:db8:1:2::77").refused()).isTrue();
		assertThat(right("2001:db8:1:3::1").passed()).isTrue();
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
					return this.throttle.check("203.0.113.9", () -> {
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

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
