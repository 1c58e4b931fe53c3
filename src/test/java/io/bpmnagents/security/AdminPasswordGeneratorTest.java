package io.bpmnagents.security;

import java.util.Map;

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
	void aConfiguredPasswordIsKept() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of(AdminPasswordGenerator.PASSWORD, "chosen-secret")));

		new AdminPasswordGenerator().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty(AdminPasswordGenerator.PASSWORD)).isEqualTo("chosen-secret");
		assertThat(environment.getProperty(AdminPasswordGenerator.GENERATED)).isNull();
	}

}
