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

}
