package io.bpmnagents.security;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints a generated admin password once: on the start that created the admin with it. On
 * later starts the stored password is unchanged and nothing is printed.
 */
@Component
class AdminPasswordAnnouncer {

	private static final Logger log = LoggerFactory.getLogger(AdminPasswordAnnouncer.class);

	private final IdentityService identity;

	private final String user;

	private final String password;

	private final boolean generated;

	AdminPasswordAnnouncer(IdentityService identity, @Value("${camunda.bpm.admin-user.id:}") String user,
			@Value("${" + AdminPasswordGenerator.PASSWORD + ":}") String password,
			@Value("${" + AdminPasswordGenerator.GENERATED + ":false}") boolean generated) {
		this.identity = identity;
		this.user = user;
		this.password = password;
		this.generated = generated;
	}

	@EventListener(ApplicationReadyEvent.class)
	void announce() {
		if (!this.generated || this.user.isBlank()) {
			return;
		}
		if (this.identity.checkPassword(this.user, this.password)) {
			log.warn("\n\n    Created Camunda admin user '{}' with generated password: {}\n"
					+ "    It is shown only this once. Log in at /camunda, or call the API with -u {}:<password>.\n"
					+ "    Set CAMUNDA_BPM_ADMINUSER_PASSWORD to choose it yourself.\n", this.user, this.password,
					this.user);
		}
	}

}
