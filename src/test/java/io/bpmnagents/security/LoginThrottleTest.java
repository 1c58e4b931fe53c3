package io.bpmnagents.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

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

	@Test
	void anAddressIsBlockedAfterItsAllowanceUntilTheWindowOfItsFirstFailureEnds() {
		this.throttle.failed("203.0.113.5");
		this.clock.advance(Duration.ofMinutes(5));
		this.throttle.failed("203.0.113.5");
		assertThat(this.throttle.blockedFor("203.0.113.5")).isZero();

		this.throttle.failed("203.0.113.5");

		assertThat(this.throttle.blockedFor("203.0.113.5")).isEqualTo(Duration.ofMinutes(10));
		assertThat(this.throttle.blockedFor("203.0.113.6")).isZero();
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.throttle.blockedFor("203.0.113.5")).isZero();
	}

	@Test
	void aFreshWindowStartsAfterTheOldOneEnded() {
		for (int i = 0; i < 3; i++) {
			this.throttle.failed("203.0.113.7");
		}
		this.clock.advance(Duration.ofMinutes(16));

		this.throttle.failed("203.0.113.7");

		assertThat(this.throttle.blockedFor("203.0.113.7")).isZero();
	}

	@Test
	void theAddressesOfOneIpv6NetworkCountTogether() {
		this.throttle.failed("2001:db8:1:2::1");
		this.throttle.failed("2001:db8:1:2:ffff::9");
		this.throttle.failed("2001:0db8:0001:0002:0:0:0:abcd");

		assertThat(this.throttle.blockedFor("2001:db8:1:2::77")).isPositive();
		assertThat(this.throttle.blockedFor("2001:db8:1:3::1")).isZero();
		assertThat(LoginThrottle.client("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(LoginThrottle.client("::ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
	}

}
