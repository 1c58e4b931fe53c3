package io.bpmnagents.replay;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which calls a replayed call lets complete first. */
class ReplayOrderTest {

	private static ReplayOrder.Completion call(String id, String task, String instance, Integer seq) {
		return new ReplayOrder.Completion(id, task, instance, seq);
	}

	@Test
	void aCallWaitsForTheCallsWhoseAnswersWereCollectedBeforeItsOwn() {
		List<ReplayOrder.Completion> calls = List.of(call("researcher", "t1", "pi", 2),
				call("developer", "t2", "pi", 1), call("reviewer", "t3", "pi", 3), call("synthesis", "t4", "pi", null));

		assertThat(ReplayOrder.completedBefore(calls, "reviewer")).containsExactlyInAnyOrder("developer", "researcher");
		assertThat(ReplayOrder.completedBefore(calls, "researcher")).containsExactly("developer");
		assertThat(ReplayOrder.completedBefore(calls, "developer")).isEmpty();
	}

	@Test
	void aCallThatCollectsNothingWaitsForNothing() {
		List<ReplayOrder.Completion> calls = List.of(call("a", "t1", "pi", 1), call("synthesis", "t2", "pi", null));

		assertThat(ReplayOrder.completedBefore(calls, "synthesis")).isEmpty();
	}

	@Test
	void collectionsOfOtherProcessInstancesAreNotWaitedFor() {
		List<ReplayOrder.Completion> calls = List.of(call("called", "t1", "sub", 1), call("own", "t2", "pi", 2));

		assertThat(ReplayOrder.completedBefore(calls, "own")).isEmpty();
	}

	@Test
	void aTaskThatAskedTwiceIsWaitedForOnceAndNeverWaitsForItself() {
		List<ReplayOrder.Completion> calls = List.of(call("other", "t2", "pi", 1), call("ask", "t1", "pi", 2),
				call("ask-again", "t1", "pi", 2));

		assertThat(ReplayOrder.completedBefore(calls, "ask")).containsExactly("other");
		assertThat(ReplayOrder.completedBefore(calls, "ask-again")).containsExactly("other");
		assertThat(ReplayOrder.completedBefore(
				List.of(call("x", "t9", "pi", 1), call("ask", "t1", "pi", 2), call("ask-again", "t1", "pi", 2)), "x"))
			.isEmpty();
	}

	@Test
	void anUnknownCallWaitsForNothing() {
		assertThat(ReplayOrder.completedBefore(List.of(call("a", "t1", "pi", 1)), "missing")).isEmpty();
	}

}
