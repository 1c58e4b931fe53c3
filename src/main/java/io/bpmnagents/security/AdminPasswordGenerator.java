package io.bpmnagents.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes sure no default password ships: when {@code camunda.bpm.admin-user.password} is
 * not configured, Camunda would give the admin its user id as password. A random one is
 * put in its place; {@link AdminPasswordAnnouncer} prints it once, when the admin is
 * created with it.
 */
class AdminPasswordGenerator implements EnvironmentPostProcessor {

	static final String PASSWORD = "camunda.bpm.admin-user.password";

	static final String GENERATED = "bpmn-agents.security.generated-admin-password";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty(PASSWORD);
		if (configured != null && !configured.isBlank()) {
			return;
		}
		byte[] bytes = new byte[18];
		new SecureRandom().nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("generatedAdminPassword", Map.of(PASSWORD, password, GENERATED, "true")));
	}

}
