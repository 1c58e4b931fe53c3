package io.bpmnagents.replay;

import java.util.Optional;

/**
 * Something a capability recorded in a run that a replay cannot re-deliver yet: asked
 * before a replay of the run starts, so that the replay is refused with the reason
 * instead of answering calls whose chat silently lacks it.
 */
@FunctionalInterface
public interface ReplayCheck {

	/** Why run {@code originalRunId} cannot be replayed; empty when it can. */
	Optional<String> refusal(String originalRunId);

}
