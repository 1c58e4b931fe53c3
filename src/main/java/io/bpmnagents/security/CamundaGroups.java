package io.bpmnagents.security;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A person's Camunda groups as Spring Security carries them: authorities
 * {@code GROUP_<id>}.
 */
public final class CamundaGroups {

	private static final String PREFIX = "GROUP_";

	private CamundaGroups() {
	}

	static GrantedAuthority authority(String group) {
		return new SimpleGrantedAuthority(PREFIX + group);
	}

	/** The authorities of a Camunda user: one per group, read from the engine now. */
	static List<GrantedAuthority> authoritiesOf(IdentityService identity, String user) {
		return identity.createGroupQuery()
			.groupMember(user)
			.list()
			.stream()
			.map(Group::getId)
			.map(CamundaGroups::authority)
			.toList();
	}

	/** The Camunda group ids of an authenticated person. */
	public static List<String> of(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith(PREFIX))
			.map((authority) -> authority.substring(PREFIX.length()))
			.toList();
	}

}
