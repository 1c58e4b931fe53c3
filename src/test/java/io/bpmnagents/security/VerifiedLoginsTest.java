package io.bpmnagents.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verified login is taken again without a check for a short time only, for exactly that
 * user and password, and never across a change to users or groups.
 */
class VerifiedLoginsTest {

	private static final List<GrantedAuthority> OPERATORS = List.of(new SimpleGrantedAuthority("GROUP_operators"));

	private final AtomicLong nanos = new AtomicLong();

	private final VerifiedLogins logins = new VerifiedLogins(Duration.ofSeconds(10), this.nanos::get);

	@Test
	void aVerifiedLoginIsKnownWithItsGroupsUntilItsTimeIsUp() {
		this.logins.remember("ann", "Secret-1-ann", OPERATORS, this.logins.changes());

		this.nanos.addAndGet(Duration.ofSeconds(9).toNanos());
		assertThat(this.logins.groupsOf("ann", "Secret-1-ann")).isEqualTo(OPERATORS);
		this.nanos.addAndGet(Duration.ofSeconds(2).toNanos());
		assertThat(this.logins.groupsOf("ann", "Secret-1-ann")).isNull();
	}

	@Test
	void anotherPasswordOrAnotherUserIsNotKnown() {
		this.logins.remember("ann", "Secret-1-ann", OPERATORS, this.logins.changes());

		assertThat(this.logins.groupsOf("ann", "Secret-2-ann")).isNull();
		assertThat(this.logins.groupsOf("bob", "Secret-1-ann")).isNull();
		assertThat(this.logins.groupsOf("annS", "ecret-1-ann")).isNull();
	}

	@Test
	void aChangeToUsersOrGroupsForgetsEveryLogin() {
		this.logins.remember("ann", "Secret-1-ann", OPERATORS, this.logins.changes());

		this.logins.forget();

		assertThat(this.logins.groupsOf("ann", "Secret-1-ann")).isNull();
	}

	@Test
	void aLoginCheckedBeforeAChangeIsNotRemembered() {
		long before = this.logins.changes();
		this.logins.forget();

		this.logins.remember("ann", "Secret-1-ann", OPERATORS, before);

		assertThat(this.logins.groupsOf("ann", "Secret-1-ann")).isNull();
	}

	@Test
	void keptForNoTimeRemembersNothing() {
		VerifiedLogins off = new VerifiedLogins(Duration.ZERO, this.nanos::get);

		off.remember("ann", "Secret-1-ann", OPERATORS, off.changes());

		assertThat(off.groupsOf("ann", "Secret-1-ann")).isNull();
	}

}
