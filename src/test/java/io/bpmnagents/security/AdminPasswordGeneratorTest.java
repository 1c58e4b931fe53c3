package io.bpmnagents.security;

import java.util.Map;

import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.identity.DefaultPasswordPolicyImpl;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPasswordGeneratorTest {

	@Test
	void withoutAConfiguredPasswordARandomOneIsGenerated() {
		StandardEnvironment first = new StandardEnvironment();
		StandardEnvironment second = new StandardEnvironment();

		new AdminPasswordGenerator().postProcessEnvironment(first, new SpringApplication());
		new AdminPasswordGenerator().postProcessEnvironment(second, new SpringApplication());

		String password = first.getProperty(AdminPasswordGenerator.PASSWORD);
		assertThat(password).hasSizeGreaterThanOrEqualTo(20).isNotEqualTo("admin");
		assertThat(password).isNotEqualTo(second.getProperty(AdminPasswordGenerator.PASSWORD));
		assertThat(first.getProperty(AdminPasswordGenerator.GENERATED)).isEqualTo("true");
	}

	@Test
	void theGeneratedPasswordSatisfiesCamundasPasswordPolicyForTheAdmin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("camunda.bpm.admin-user.id", "admin",
					"camunda.bpm.admin-user.first-name", "Admin", "camunda.bpm.admin-user.last-name", "Admin")));
		User admin = AdminPasswordGenerator.admin(environment);

		for (int i = 0; i < 200; i++) {
			String password = AdminPasswordGenerator.generate(admin);

			assertThat(new DefaultPasswordPolicyImpl().getRules())
				.allSatisfy((rule) -> assertThat(rule.execute(password, admin)).as(rule.getPlaceholder()).isTrue());
		}
	}

	@Test
	void aConfiguredPasswordIsKept() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of(AdminPasswordGenerator.PASSWORD, "chosen-secret")));

		new AdminPasswordGenerator().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(AdminPasswordGenerator.PASSWORD)).isEqualTo("chosen-secret");
		assertThat(environment.getProperty(AdminPasswordGenerator.GENERATED)).isNull();
	}

}
