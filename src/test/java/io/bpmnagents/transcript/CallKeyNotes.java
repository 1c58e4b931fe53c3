package io.bpmnagents.transcript;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link TranscriptStore#retire} and {@link TranscriptStore#noted} mark among the
 * calls of a run: the question's own key and the keys under it, matched character for
 * character. The key holds an {@code _}, a wildcard in a {@code LIKE} pattern, so a call
 * whose key differs at that character (and that a {@code LIKE} would have taken) shows it
 * is not matched. Asked on H2 ({@code CallKeyNotesTest}) and on PostgreSQL
 * ({@code PostgresEndToEndTest}).
 */
public final class CallKeyNotes {

	private static final String KEY = "task_1";

	/** The key where {@code _} stands for one other character. */
	private static final String WILDCARD_MATCH = "taskX1";

	private CallKeyNotes() {
	}

	/**
	 * Given answered calls under the key, under a key {@code LIKE} would mistake for it,
	 * under a longer key and under the key in another run, when the question is retired,
	 * then only the key's own answered calls are noted.
	 */
	public static void retireNotesTheAnswersOfTheKeyAndTheKeysUnderItOnly(TranscriptStore transcript) {
		String run = UUID.randomUUID().toString();
		String other = UUID.randomUUID().toString();
		List.of(KEY, KEY + "/again", KEY + "/again-3", KEY + "/step-1/tool-2", WILDCARD_MATCH + "/again", KEY + "0")
			.forEach((key) -> answered(transcript, run, key, 0));
		asked(transcript, run, KEY + "/again-4", 0);
		answered(transcript, other, KEY, 0);

		transcript.retire(run, KEY);

		Map<String, String> notes = notesByKey(transcript, run);
		assertThat(notes).containsOnlyKeys(KEY, KEY + "/again", KEY + "/again-3", KEY + "/step-1/tool-2");
		assertThat(notes.values()).allSatisfy((note) -> assertThat(note).startsWith(TranscriptStore.RETIRED));
		assertThat(notesByKey(transcript, other)).isEmpty();
	}

	/**
	 * Given a question answered over steps, with an agent asked through a tool after the
	 * last step, a later call under a key {@code LIKE} would mistake for it and a later
	 * step not yet answered, when a note is made, then it goes on the last answered step.
	 */
	public static void notedGoesOnTheLatestAnsweredStepOfTheKey(TranscriptStore transcript) {
		String run = UUID.randomUUID().toString();
		answered(transcript, run, KEY + "/step-1", 1);
		answered(transcript, run, KEY + "/step-2", 2);
		answered(transcript, run, KEY + "/step-2/tool-1", 3);
		answered(transcript, run, WILDCARD_MATCH + "/step-3", 4);
		asked(transcript, run, KEY + "/step-3", 5);

		transcript.noted(run, KEY, "Answer not used");

		assertThat(notesByKey(transcript, run)).containsExactly(Map.entry(KEY + "/step-2", "Answer not used"));
	}

	private static void answered(TranscriptStore transcript, String run, String key, int second) {
		String id = asked(transcript, run, key, second);
		transcript.succeeded(id, null, "node", "gpt-4o", "answer to " + key, startedAt(second), 0, 1, 1);
	}

	/** A call recorded under {@code key} (its prompt too), not answered. */
	private static String asked(TranscriptStore transcript, String run, String key, int second) {
		return transcript.started(new TranscriptStore.CallStart(run, run, "Task_Ask", key, "researcher", "gpt-4o", key,
				List.of(ChatTurn.user(key)), startedAt(second), 1, "node"));
	}

	private static Instant startedAt(int second) {
		return Instant.parse("2026-12-07T12:00:00Z").plusSeconds(second);
	}

	/** The notes of a run's calls, by the key each was recorded under. */
	private static Map<String, String> notesByKey(TranscriptStore transcript, String run) {
		Map<String, String> notes = new HashMap<>();
		transcript.forRun(run)
			.stream()
			.filter((call) -> call.note() != null)
			.forEach((call) -> notes.put(call.prompt(), call.note()));
		return notes;
	}

}
