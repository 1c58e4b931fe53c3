package io.bpmnagents.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's settings: the heartbeat follows the lock unless set. */
class WorkerPropertiesTest {

	private static WorkerProperties with(int maxConcurrency, Duration lock, Duration heartbeat) {
		return new WorkerProperties(true, maxConcurrency, Duration.ofMillis(100), lock, heartbeat, 3,
				Duration.ofSeconds(2), Duration.ofMinutes(1));
	}

	@Test
	void withoutAHeartbeatIntervalLocksAreRenewedThreeTimesPerLockDuration() {
		assertThat(with(256, Duration.ofSeconds(30), null).heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aHeartbeatIntervalThatIsSetIsKept() {
		assertThat(with(256, Duration.ofSeconds(30), Duration.ofSeconds(5)).heartbeatInterval())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aHeartbeatNoShorterThanTheLockIsRefusedWithTheSettingsNamed() {
		assertThatThrownBy(() -> with(256, Duration.ofSeconds(30), Duration.ofSeconds(30)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("bpmn-agents.worker.heartbeat-interval")
			.hasMessageContaining("bpmn-agents.worker.lock-duration");
	}

	@Test
	void noTaskAtATimeIsRefused() {
		assertThatThrownBy(() -> with(0, Duration.ofSeconds(30), null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("bpmn-agents.worker.max-concurrency");
	}

}
