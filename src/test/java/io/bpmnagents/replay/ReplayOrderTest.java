package io.bpmnagents.replay;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which calls a replayed call lets finish first. */
class ReplayOrderTest {

	private static ReplayOrder.Timing call(String id, String task, long started, long ended) {
		return new ReplayOrder.Timing(id, task, Instant.ofEpochMilli(started), Instant.ofEpochMilli(ended));
	}

	@Test
	void aCallWaitsForTheParallelCallsThatFinishedBeforeIt() {
		List<ReplayOrder.Timing> calls = List.of(call("pro", "t1", 0, 50), call("opp", "t2", 0, 80),
				call("judge", "t3", 100, 150));

		assertThat(ReplayOrder.finishedBefore(calls, "opp")).containsExactly("pro");
		assertThat(ReplayOrder.finishedBefore(calls, "pro")).isEmpty();
	}

	@Test
	void aCallWaitsForEveryCallThatEndedBeforeItAndNotForLaterOnes() {
		List<ReplayOrder.Timing> calls = List.of(call("first", "t1", 0, 50), call("second", "t2", 60, 90),
				call("third", "t3", 100, 150));

		assertThat(ReplayOrder.finishedBefore(calls, "third")).containsExactlyInAnyOrder("first", "second");
		assertThat(ReplayOrder.finishedBefore(calls, "first")).isEmpty();
	}

	@Test
	void aTaskThatAskedTwiceFinishedWithItsLastAnswerAndNeverWaitsForItself() {
		List<ReplayOrder.Timing> calls = List.of(call("ask", "t1", 0, 30), call("ask-again", "t1", 40, 120),
				call("other", "t2", 0, 100));

		// t1 finished after "other": "other" does not wait for t1's first answer
		assertThat(ReplayOrder.finishedBefore(calls, "other")).isEmpty();
		// t1's second question waits for "other", not for its own first one
		assertThat(ReplayOrder.finishedBefore(calls, "ask-again")).containsExactly("other");
	}

	@Test
	void anUnknownOrUnfinishedCallWaitsForNothing() {
		assertThat(ReplayOrder.finishedBefore(List.of(call("a", "t1", 0, 10)), "missing")).isEmpty();
	}

}
