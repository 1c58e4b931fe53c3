package io.bpmnagents.security;

import java.util.Map;

import io.bpmnagents.BpmnAgentsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A newcomer's first start with a weak admin password, as the README's quick start sets
 * it ({@code CAMUNDA_BPM_ADMINUSER_PASSWORD=… ./mvnw spring-boot:run}): a real start of
 * the app on a database and engine of its own, which fails with Spring Boot's short
 * report naming the setting, the rules the password breaks and the fix, and no stack
 * trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class WeakAdminPasswordStartTest {

	@Test
	void aWeakAdminPasswordFromTheEnvironmentFailsTheStartWithAReportThatSaysTheFix(CapturedOutput output) {
		SpringApplication app = new SpringApplication(BpmnAgentsApplication.class);
		StandardEnvironment environment = new StandardEnvironment();
		// as the shell would pass it: an environment variable, bound by relaxed binding
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(
					"shell-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("CAMUNDA_BPM_ADMINUSER_PASSWORD", "admin12345")));
		app.setEnvironment(environment);

		assertThatThrownBy(() -> app.run("--spring.datasource.url=jdbc:h2:mem:weak-admin-password;DB_CLOSE_DELAY=-1",
				"--camunda.bpm.process-engine-name=weakAdminPasswordStart", "--server.port=0",
				"--camunda.bpm.webapp.enabled=false"))
			.hasRootCauseInstanceOf(WeakAdminPasswordException.class);

		String log = output.getAll();
		assertThat(log).contains("APPLICATION FAILED TO START")
			.contains("The Camunda admin user 'admin' cannot be created: its password, set in "
					+ "camunda.bpm.admin-user.password (environment variable CAMUNDA_BPM_ADMINUSER_PASSWORD), "
					+ "does not match the password policy: it needs an upper-case letter and a special character "
					+ "(such as - _ ! or #), and must not contain the user's id, first or last name or email.")
			.contains("Set CAMUNDA_BPM_ADMINUSER_PASSWORD (or camunda.bpm.admin-user.password) to a password that "
					+ "needs at least 10 characters, a lower-case letter, an upper-case letter, a digit and a "
					+ "special character (such as - _ ! or #), and must not contain the user's id, first or last "
					+ "name or email")
			.contains("or leave it unset: the first start then generates one and prints it once.");
		assertThat(log).as("no stack trace of the policy's refusal")
			.doesNotContain("Password does not match policy")
			.doesNotContain("\tat org.camunda.bpm.engine");
	}

}
