package io.bpmnagents.security;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Prints a generated admin password once: on the start that created the admin with it. On
 * later starts the stored password is unchanged and nothing is printed. The comparison
 * does not count as a failed login ({@link CamundaPasswords}): a restart must not bring
 * the administrator closer to Camunda's lockout. It is logged at INFO, as news for the
 * person starting the app, not as a warning for every log collector to flag.
 */
@Component
class AdminPasswordAnnouncer {

	private static final Logger log = LoggerFactory.getLogger(AdminPasswordAnnouncer.class);

	private final CamundaPasswords passwords;

	private final String user;

	private final String password;

	private final boolean generated;

	private final AtomicBoolean announced = new AtomicBoolean();

	AdminPasswordAnnouncer(CamundaPasswords passwords, @Value("${camunda.bpm.admin-user.id:}") String user,
			@Value("${" + AdminPasswordGenerator.PASSWORD + ":}") String password,
			@Value("${" + AdminPasswordGenerator.GENERATED + ":false}") boolean generated) {
		this.passwords = passwords;
		this.user = user;
		this.password = password;
		this.generated = generated;
	}

	/**
	 * Once the app takes requests (after processes/ is deployed), so the password is
	 * never shown while {@code /api} would still answer 503.
	 */
	@EventListener
	void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && this.announced.compareAndSet(false, true)) {
			announce();
		}
	}

	void announce() {
		if (!this.generated || this.user.isBlank()) {
			return;
		}
		if (this.passwords.matches(this.user, this.password)) {
			log.info("\n\n    Created Camunda admin user '{}' with generated password: {}\n"
					+ "    It is shown only this once. Log in at /camunda, or call the API with -u {}:<password>.\n"
					+ "    Set CAMUNDA_BPM_ADMINUSER_PASSWORD to choose it yourself.\n", this.user, this.password,
					this.user);
		}
	}

}
