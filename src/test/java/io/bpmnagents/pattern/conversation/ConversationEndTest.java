package io.bpmnagents.pattern.conversation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions a conversation checks after each reply. */
class ConversationEndTest {

	@Test
	void thePhraseEndsTheConversationEvenOnItsLastTurn() {
		assertThat(ConversationEnd.after("Done. TASK_COMPLETE", "TASK_COMPLETE", 10, 10))
			.isEqualTo(ConversationEnd.PHRASE);
	}

	@Test
	void theLastTurnEndsItWithoutThePhrase() {
		assertThat(ConversationEnd.after("More to say", "TASK_COMPLETE", 10, 10)).isEqualTo(ConversationEnd.MAX_TURNS);
	}

	@Test
	void otherwiseItGoesOn() {
		assertThat(ConversationEnd.after("More to say", "TASK_COMPLETE", 3, 10)).isNull();
	}

	@Test
	void aBlankPhraseNeverMatchesAndThePhraseIsPlainText() {
		assertThat(ConversationEnd.after("anything", "", 1, 10)).isNull();
		assertThat(ConversationEnd.after("anything", null, 1, 10)).isNull();
		assertThat(ConversationEnd.after("costs ${a.b}", "${a.b}", 1, 10)).isEqualTo(ConversationEnd.PHRASE);
		assertThat(ConversationEnd.after("DONE.*", ".*", 1, 10)).isEqualTo(ConversationEnd.PHRASE);
		assertThat(ConversationEnd.after("nothing here", ".*", 1, 10)).isNull();
	}

	@Test
	void aCustomPhraseEndsItWhenGivenOnALineOfItsOwnOrAtTheEnd() {
		assertThat(ConversationEnd.signals("The plan is settled.\n\nWE_ARE_DONE", "WE_ARE_DONE")).isTrue();
		assertThat(ConversationEnd.signals("WE_ARE_DONE\n\n(summary follows) The plan is settled.", "WE_ARE_DONE"))
			.isTrue();
		assertThat(ConversationEnd.signals("All points are covered, so WE_ARE_DONE.", "WE_ARE_DONE")).isTrue();
		assertThat(ConversationEnd.signals("Settled.\n**WE_ARE_DONE**", "WE_ARE_DONE")).isTrue();
		assertThat(ConversationEnd.signals("Settled.\n`WE_ARE_DONE`!", "WE_ARE_DONE")).isTrue();
		assertThat(ConversationEnd.signals("Settled.\n\"WE_ARE_DONE\"", "WE_ARE_DONE")).isTrue();
	}

	@Test
	void aPhraseQuotedFromTheInstructionDoesNotEndIt() {
		String echo = "As researcher on \"Task: plan a trip\":\n- Building on: This is turn 1. Respond to continue the "
				+ "conversation. If the task is complete, include 'WE_ARE_DONE' in your response.";

		assertThat(ConversationEnd.after(echo, "WE_ARE_DONE", 1, 10)).isNull();
		assertThat(ConversationEnd.signals("When finished, say 'WE_ARE_DONE'", "WE_ARE_DONE")).isFalse();
		assertThat(ConversationEnd.signals("When finished, say \u201cWE_ARE_DONE\u201d.", "WE_ARE_DONE")).isFalse();
		assertThat(ConversationEnd.signals("WE_ARE_DONE is what we say at the end; not yet.", "WE_ARE_DONE")).isFalse();
	}

	@Test
	void theDefaultPhraseInsideTheSentenceOfAnInstructionDoesNotEndItEither() {
		assertThat(
				ConversationEnd.signals("I will include TASK_COMPLETE in my response once we agree.", "TASK_COMPLETE"))
			.isFalse();
	}

}
