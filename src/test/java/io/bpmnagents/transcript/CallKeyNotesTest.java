package io.bpmnagents.transcript;

import io.bpmnagents.support.PatternProcessTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * A retired question and a noted answer mark the calls under the question's key, matched
 * character for character ({@link CallKeyNotes}), on H2.
 */
class CallKeyNotesTest extends PatternProcessTest {

	@Autowired
	TranscriptStore transcript;

	@Test
	void retiringAQuestionNotesTheAnswersOfItsKeyAndTheKeysUnderItOnly() {
		CallKeyNotes.retireNotesTheAnswersOfTheKeyAndTheKeysUnderItOnly(this.transcript);
	}

	@Test
	void aNoteGoesOnTheLatestAnsweredStepOfTheQuestionsKey() {
		CallKeyNotes.notedGoesOnTheLatestAnsweredStepOfTheKey(this.transcript);
	}

}
