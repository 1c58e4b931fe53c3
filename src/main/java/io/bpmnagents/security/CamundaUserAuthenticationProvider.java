package io.bpmnagents.security;

import java.util.List;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.IdentityService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks HTTP Basic credentials against Camunda's users, so one set of users (managed in
 * the Admin webapp) logs in to the webapps, {@code /api} and {@code /engine-rest} alike.
 * A user's Camunda groups become authorities {@code GROUP_<id>}.
 * <p>
 * The credentials are those Spring Security's Basic filter read from the request, and the
 * failed-login throttle counts exactly them, here: there is no second reading of the
 * header that another spelling of it ({@code Basic} and a tab, a lower-case scheme) could
 * slip past. The password is compared without touching Camunda's failed-attempt count
 * ({@link CamundaPasswords}). A login verified a moment ago is not checked again
 * ({@link VerifiedLogins}).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CamundaUserAuthenticationProvider implements AuthenticationProvider {

	private final IdentityService identity;

	private final CamundaPasswords passwords;

	private final LoginThrottle throttle;

	private final VerifiedLogins verified;

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = authentication.getName();
		Object credentials = authentication.getCredentials();
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		String password = (credentials != null) ? credentials.toString() : null;
		// A login verified a moment ago still passes the throttle, which counts only
		// failures; it spares the password hash and the reads of the user and groups.
		long changes = this.verified.changes();
		List<GrantedAuthority> known = (password != null && user != null) ? this.verified.groupsOf(user, password)
				: null;
		LoginThrottle.Outcome outcome = this.throttle.check(address, user,
				() -> known != null || (password != null && this.passwords.matches(user, password)));
		if (outcome.refused()) {
			throw new LoginRefusals.Throttled(outcome.retryAfter());
		}
		if (!outcome.passed()) {
			throw new BadCredentialsException("Bad user name or password");
		}
		List<GrantedAuthority> groups = known;
		if (groups == null) {
			groups = CamundaGroups.authoritiesOf(this.identity, user);
			this.verified.remember(user, password, groups, changes);
		}
		return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
