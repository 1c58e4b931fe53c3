package io.bpmnagents.replay;

/**
 * The step where a replay went live: the first call whose request differed from the
 * recording, with both prompts ({@code expectedPrompt} is {@code null} for a call the
 * original never made).
 */
public record LiveFrom(String activityId, String agent, String transcriptEntryId, String expectedPrompt,
		String actualPrompt) {
}
