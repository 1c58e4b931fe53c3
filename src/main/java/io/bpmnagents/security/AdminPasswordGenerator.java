package io.bpmnagents.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

import org.camunda.bpm.engine.identity.PasswordPolicy;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes sure no default password ships: when {@code camunda.bpm.admin-user.password} is
 * not configured, Camunda would give the admin its user id as password. A random one is
 * put in its place; {@link AdminPasswordAnnouncer} prints it once, when the admin is
 * created with it. It satisfies Camunda's default password policy (which is on:
 * {@code enable-password-policy}), checked with the policy's own rules, including that it
 * does not contain the admin's id, names or email.
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
		String password = generate(admin(environment));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("generatedAdminPassword", Map.of(PASSWORD, password, GENERATED, "true")));
	}

	/** 24 random characters of Base64url, drawn again until the policy takes them. */
	static String generate(User admin) {
		SecureRandom random = new SecureRandom();
		PasswordPolicy policy = new DefaultPasswordPolicyImpl();
		while (true) {
			byte[] bytes = new byte[18];
			random.nextBytes(bytes);
			String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
			// About every other draw has a '-' or '_', the special character the policy
			// asks for; the other rules almost always hold.
			if (policy.getRules().stream().allMatch((rule) -> rule.execute(password, admin))) {
				return password;
			}
		}
	}

	/** The admin as Camunda's starter will create it, with its defaults for the names. */
	static User admin(ConfigurableEnvironment environment) {
		String id = environment.getProperty("camunda.bpm.admin-user.id", "");
		String capitalized = id.isEmpty() ? id : Character.toUpperCase(id.charAt(0)) + id.substring(1);
		UserEntity admin = new UserEntity(id);
		admin.setFirstName(environment.getProperty("camunda.bpm.admin-user.first-name", capitalized));
		admin.setLastName(environment.getProperty("camunda.bpm.admin-user.last-name", capitalized));
		admin.setEmail(environment.getProperty("camunda.bpm.admin-user.email", id + "@localhost"));
		return admin;
	}

}
