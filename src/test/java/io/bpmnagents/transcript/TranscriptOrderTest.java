package io.bpmnagents.transcript;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bpmnagents.support.PatternProcessTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of a run that start in the same millisecond (the transcript keeps milliseconds)
 * keep the order they were made in: in the transcript, in an agent's memory and for a
 * replay, never the order of their random ids.
 */
class TranscriptOrderTest extends PatternProcessTest {

	@Autowired
	TranscriptStore transcript;

	@Test
	void callsStartedInTheSameMillisecondAreListedInTheOrderTheyWereMade() {
		String run = UUID.randomUUID().toString();
		Instant sameMillisecond = Instant.parse("2026-12-06T12:00:00.123Z");
		List<String> made = new java.util.ArrayList<>();
		for (int i = 1; i <= 12; i++) {
			String id = this.transcript.started(new TranscriptStore.CallStart(run, run, "Task_Talk", null, "researcher",
					"gpt-4o", "question " + i, List.of(ChatTurn.user("question " + i)), sameMillisecond, 1, "node"));
			this.transcript.succeeded(id, null, "node", "gpt-4o", "answer " + i, sameMillisecond, 0, 1, 1);
			made.add(id);
		}

		assertThat(this.transcript.forRun(run)).extracting(TranscriptEntry::id).containsExactlyElementsOf(made);
		// memory: the latest answers, newest first
		assertThat(this.transcript.recentAnswered(run, "researcher", 3)).extracting(TranscriptEntry::prompt)
			.containsExactlyInAnyOrder("question 10", "question 11", "question 12");
	}

}
