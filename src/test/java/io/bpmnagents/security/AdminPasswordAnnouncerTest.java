package io.bpmnagents.security;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AdminPasswordAnnouncerTest {

	private static final String LINE = "Created Camunda admin user 'admin' with generated password: gen-3xYz";

	/** Passwords as stored: the admin was created with {@code stored}. */
	private static CamundaPasswords storedPassword(String stored) {
		return new CamundaPasswords(null, null) {

			@Override
			boolean matches(String userId, String password) {
				return "admin".equals(userId) && stored.equals(password);
			}

		};
	}

	private static void turn(AdminPasswordAnnouncer announcer, ReadinessState state) {
		announcer.onReadiness(new AvailabilityChangeEvent<>(announcer, state));
	}

	@Test
	void theStartThatCreatedTheAdminPrintsItsPasswordOnceAtInfo(CapturedOutput output) {
		AdminPasswordAnnouncer announcer = new AdminPasswordAnnouncer(storedPassword("gen-3xYz"), "admin", "gen-3xYz",
				true);

		turn(announcer, ReadinessState.ACCEPTING_TRAFFIC);
		turn(announcer, ReadinessState.REFUSING_TRAFFIC);
		turn(announcer, ReadinessState.ACCEPTING_TRAFFIC);

		assertThat(output.getOut().split(LINE, -1)).hasSize(2);
		assertThat(Arrays.stream(output.getOut().split("\n")).filter((line) -> line.contains("AdminPasswordAnnouncer")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("INFO").doesNotContain("WARN"));
	}

	@Test
	void laterStartsPrintNothing(CapturedOutput output) {
		// A new random password is generated at every start; the admin keeps the first
		// one.
		AdminPasswordAnnouncer announcer = new AdminPasswordAnnouncer(storedPassword("gen-first"), "admin", "gen-3xYz",
				true);

		turn(announcer, ReadinessState.ACCEPTING_TRAFFIC);

		assertThat(output.getOut()).doesNotContain("generated password");
	}

	@Test
	void aConfiguredPasswordIsNeverPrinted(CapturedOutput output) {
		AdminPasswordAnnouncer announcer = new AdminPasswordAnnouncer(storedPassword("chosen"), "admin", "chosen",
				false);

		turn(announcer, ReadinessState.ACCEPTING_TRAFFIC);

		assertThat(output.getOut()).doesNotContain("chosen");
	}

}
