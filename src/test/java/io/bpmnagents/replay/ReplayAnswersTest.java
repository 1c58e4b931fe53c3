package io.bpmnagents.replay;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.TranscriptEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a call of a replay finds its recorded answer. */
class ReplayAnswersTest {

	private static TranscriptEntry recorded(String id, String prompt, String response) {
		return new TranscriptEntry(id, "original", "original", "Task_Speak", "writer", "gpt-4o", prompt, response, null,
				List.of(), Instant.EPOCH, Instant.EPOCH, 5L, 10, 5, 1, "node-1", null, null, TranscriptEntry.MODEL,
				null, null, null);
	}

	private static final List<TranscriptEntry> ROUNDS = List.of(recorded("a", "Round 1: speak", "first"),
			recorded("b", "Round 2: speak", "second"), recorded("c", "Round 3: speak", "third"));

	@Test
	void aLoopsCallsAreAnsweredInTheOrderTheOriginalMadeThem() {
		assertThat(
				ReplayAnswers.pick("original", "Task_Speak", "writer", "Round 1: speak", ROUNDS, Set.of()).response())
			.isEqualTo("first");
		assertThat(ReplayAnswers.pick("original", "Task_Speak", "writer", "Round 2: speak", ROUNDS, Set.of("a"))
			.response()).isEqualTo("second");
	}

	@Test
	void theSamePromptAskedTwiceTakesTheNextRecordedAnswerEachTime() {
		List<TranscriptEntry> same = List.of(recorded("a", "Continue", "one"), recorded("b", "Continue", "two"));

		assertThat(ReplayAnswers.pick("original", "Task_Speak", "writer", "Continue", same, Set.of()).id())
			.isEqualTo("a");
		assertThat(ReplayAnswers.pick("original", "Task_Speak", "writer", "Continue", same, Set.of("a")).id())
			.isEqualTo("b");
	}

	@Test
	void parallelCallsOfOneActivityAndAgentAreToldApartByTheirPrompt() {
		assertThat(ReplayAnswers.pick("original", "Task_Speak", "writer", "Round 3: speak", ROUNDS, Set.of()).id())
			.isEqualTo("c");
	}

	@Test
	void aPromptThatDiffersFromTheRecordingNamesTheCallTheExpectedAndTheActualPrompt() {
		assertThatThrownBy(
				() -> ReplayAnswers.pick("original", "Task_Speak", "writer", "Round 2: shout", ROUNDS, Set.of("a")))
			.isInstanceOf(ReplayMismatchException.class)
			.hasMessageContaining("Replay of run original")
			.hasMessageContaining("agent 'writer' at activity 'Task_Speak' (call 2 of 3 recorded there)")
			.hasMessageContaining("at character 10: expected \"Round 2: speak\", actual \"Round 2: shout\"")
			.hasMessageContaining("Expected prompt: Round 2: speak")
			.hasMessageContaining("Actual prompt: Round 2: shout");
	}

	@Test
	void aCallTheOriginalNeverMadeIsReportedNotAnswered() {
		assertThatThrownBy(() -> ReplayAnswers.pick("original", "Task_Speak", "writer", "Round 4: speak", ROUNDS,
				Set.of("a", "b", "c")))
			.isInstanceOf(ReplayMismatchException.class)
			.hasMessageContaining("was asked once more than in the recording (3 recorded call(s) there, all used)")
			.hasMessageContaining("Actual prompt: Round 4: speak");
	}

	@Test
	void anActivityOrAgentWithoutRecordedCallsIsReported() {
		assertThatThrownBy(() -> ReplayAnswers.pick("original", "Task_New", "editor", "Edit", List.of(), Set.of()))
			.isInstanceOf(ReplayMismatchException.class)
			.hasMessageContaining("agent 'editor' at activity 'Task_New' was asked once more than in the recording "
					+ "(0 recorded call(s) there");
	}

	@Test
	void aSystemPromptThatDiffersFromTheRecordingIsReportedWithBothAndTheRecordedPromptAsExpected() {
		TranscriptEntry told = withSystem(recorded("a", "Round 1: speak", "first"), "You are a writer.");

		assertThat(ReplayAnswers
			.pick("original", new ReplayAnswers.Asked("Task_Speak", "writer", "You are a writer.", "Round 1: speak"),
					null, List.of(told), Set.of())
			.id()).isEqualTo("a");
		assertThatThrownBy(() -> ReplayAnswers.pick("original",
				new ReplayAnswers.Asked("Task_Speak", "writer", "You write haiku.", "Round 1: speak"), null,
				List.of(told), Set.of()))
			.isInstanceOfSatisfying(ReplayMismatchException.class,
					(ex) -> assertThat(ex.expectedPrompt()).isEqualTo("Round 1: speak"))
			.hasMessageContaining("agent 'writer' at activity 'Task_Speak' has another system prompt")
			.hasMessageContaining("Expected system prompt: You are a writer.\nActual system prompt: You write haiku.");
	}

	@Test
	void aModelAnOverrideAsksForIsAnsweredOnlyByARecordingOfThatModel() {
		ReplayAnswers.Asked asked = new ReplayAnswers.Asked("Task_Speak", "writer", null, "Round 1: speak");

		assertThat(ReplayAnswers.pick("original", asked, "gpt-4o", ROUNDS, Set.of()).id()).isEqualTo("a");
		assertThatThrownBy(() -> ReplayAnswers.pick("original", asked, "gpt-5", ROUNDS, Set.of()))
			.isInstanceOf(ReplayMismatchException.class)
			.hasMessageContaining("is asked of model 'gpt-5'; the recording was answered by 'gpt-4o'");
	}

	private static TranscriptEntry withSystem(TranscriptEntry entry, String systemPrompt) {
		return new TranscriptEntry(entry.id(), entry.runId(), entry.processInstanceId(), entry.activityId(),
				entry.agent(), entry.model(), entry.prompt(), entry.response(), null,
				List.of(ChatTurn.system(systemPrompt), ChatTurn.user(entry.prompt())), entry.startedAt(),
				entry.endedAt(), entry.latencyMs(), entry.promptTokens(), entry.completionTokens(), entry.attempt(),
				entry.worker(), null, null, entry.source(), null, null, null);
	}

	@Test
	void theFirstDifferenceIsWhereTheTextsPartOrWhereTheShorterEnds() {
		assertThat(ReplayAnswers.firstDifference("abc", "abd")).isEqualTo(2);
		assertThat(ReplayAnswers.firstDifference("abc", "abcdef")).isEqualTo(3);
	}

}
