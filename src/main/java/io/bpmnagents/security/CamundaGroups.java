package io.bpmnagents.security;

import java.util.List;

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
