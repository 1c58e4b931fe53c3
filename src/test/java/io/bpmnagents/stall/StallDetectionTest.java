package io.bpmnagents.stall;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What counts as a stalled or looping agent, with the default thresholds. */
class StallDetectionTest {

	private final StallProperties defaults = new StallProperties(3, 3, 1000, Duration.ZERO, Duration.ZERO);

	@Test
	void theSameToolWithTheSameArgumentsTheThirdTimeIsAStall() {
		ToolLoopWatch watch = ToolLoopWatch.of(this.defaults, "researcher");
		watch.requested("lookup", "{\"q\": \"tides\"}");
		watch.requested("lookup", " {\"q\": \"tides\"} ");

		assertThatThrownBy(() -> watch.requested("lookup", "{\"q\": \"tides\"}"))
			.isInstanceOf(AgentStalledException.class)
			.hasMessageContaining("'researcher' asked for tool 'lookup' with the same arguments 3 times")
			.hasMessageContaining("repeat-tool-calls=3");
	}

	@Test
	void otherArgumentsOrAnotherToolAreNoRepeat() {
		ToolLoopWatch watch = ToolLoopWatch.of(this.defaults, "researcher");

		assertThatCode(() -> {
			watch.requested("lookup", "{\"q\": \"tides\"}");
			watch.requested("lookup", "{\"q\": \"moon\"}");
			watch.requested("search", "{\"q\": \"tides\"}");
			watch.requested("lookup", "{\"q\": \"tides\"}");
		}).doesNotThrowAnyException();
	}

	@Test
	void aToolLoopThatSpendsMoreThanItsTokensIsAStall() {
		ToolLoopWatch watch = ToolLoopWatch.of(this.defaults, "researcher");
		watch.spent(400, 100);
		watch.spent(400, 100);

		assertThatThrownBy(() -> watch.spent(1, null)).isInstanceOf(AgentStalledException.class)
			.hasMessageContaining("spent 1001 tokens");
	}

	@Test
	void zeroSwitchesAChecksOff() {
		ToolLoopWatch watch = ToolLoopWatch.of(new StallProperties(0, 0, 0, Duration.ZERO, Duration.ZERO),
				"researcher");

		assertThatCode(() -> {
			for (int i = 0; i < 10; i++) {
				watch.requested("lookup", "{}");
				watch.spent(100000, 100000);
			}
			RepeatedTurns.check(new StallProperties(0, 0, 0, Duration.ZERO, Duration.ZERO), "a",
					List.of("x", "x", "x", "x"), "x");
		}).doesNotThrowAnyException();
	}

	@Test
	void threeTurnsInARowThatRepeatEarlierOnesAreAStall() {
		List<String> turns = List.of("Let us plan.", "I agree.", "Let us  plan.", "i agree.");

		assertThatThrownBy(() -> RepeatedTurns.check(this.defaults, "planner", turns, "Let us plan."))
			.isInstanceOf(AgentStalledException.class)
			.hasMessageContaining("the last 3 turns");
	}

	@Test
	void aRepeatThatIsFollowedByANewTurnIsNoStall() {
		List<String> turns = List.of("Let us plan.", "I agree.", "Let us plan.", "Here is a new idea.");

		assertThatCode(() -> RepeatedTurns.check(this.defaults, "planner", turns, "I agree."))
			.doesNotThrowAnyException();
	}

}
