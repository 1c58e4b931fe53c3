package io.bpmnagents.pattern.conversation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order in which a conversation's readers meet a person's message in a replay: the
 * step before a turn (a selector's pick) comes after the turn before it and before the
 * turn itself, and a reading after another stall decision comes later.
 */
class PersonMessageDueTest {

	@Test
	void aMessageThePickBeforeTurnTwoSawIsDueForThatPickAndItsTurnButNotForTheTurnBefore() {
		PersonMessages.PersonMessage message = seenBy(2, 0, true);

		assertThat(message.dueBy(1, 0, false)).isFalse();
		assertThat(message.dueBy(2, 0, true)).isTrue();
		assertThat(message.dueBy(2, 0, false)).isTrue();
	}

	@Test
	void aMessageTurnTwoSawFirstIsNotDueForThePickBeforeIt() {
		assertThat(seenBy(2, 0, false).dueBy(2, 0, true)).isFalse();
		assertThat(seenBy(2, 0, false).dueBy(2, 0, false)).isTrue();
	}

	@Test
	void aDifferenceNamesTheReaderThatFirstSawTheMessage() {
		assertThat(seenBy(2, 0, true).reader()).isEqualTo("the step before turn 2");
		assertThat(seenBy(3, 1, false).reader()).isEqualTo("turn 3");
	}

	@Test
	void aMessageSeenAfterAStallDecisionIsDueOnlyForTheReadersAfterThatDecision() {
		PersonMessages.PersonMessage message = seenBy(2, 1, true);

		assertThat(message.dueBy(2, 0, false)).as("the turn that stalled").isFalse();
		assertThat(message.dueBy(2, 1, true)).as("the pick after the decision").isTrue();
		assertThat(seenBy(2, 0, false).dueBy(2, 1, true)).as("a message the stalled turn saw, at the next pick")
			.isTrue();
	}

	@Test
	void aMessageNoReaderSawIsDueForNone() {
		PersonMessages.PersonMessage message = new PersonMessages.PersonMessage("m", 0, 0, "ada", "Hello", null, null,
				false);

		assertThat(message.dueBy(99, 9, false)).isFalse();
	}

	private static PersonMessages.PersonMessage seenBy(int turn, int stalls, boolean beforeTurn) {
		return new PersonMessages.PersonMessage("m", 0, 0, "ada", "Hello", turn, stalls, beforeTurn);
	}

}
