package io.bpmnagents.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Checks HTTP Basic credentials against Camunda's users, so one set of users (managed in
 * the Admin webapp) logs in to the webapps, {@code /api} and {@code /engine-rest} alike.
 * A user's Camunda groups become authorities {@code GROUP_<id>}.
 */
class CamundaUserAuthenticationProvider implements AuthenticationProvider {

	private final IdentityService identity;

	CamundaUserAuthenticationProvider(IdentityService identity) {
		this.identity = identity;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String user = authentication.getName();
		Object credentials = authentication.getCredentials();
		if (user == null || credentials == null || !this.identity.checkPassword(user, credentials.toString())) {
			throw new BadCredentialsException("Bad user name or password");
		}
		List<GrantedAuthority> groups = CamundaGroups.authoritiesOf(this.identity, user);
		return UsernamePasswordAuthenticationToken.authenticated(user, null, groups);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
