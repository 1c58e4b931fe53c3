package io.bpmnagents.replay;

import java.util.Optional;

/**
 * Starts replays of recorded runs: exact ones (every call answered from the recording),
 * and evaluation ones that go live from the first difference. The evaluation of a change
 * uses it; {@code POST /api/runs/{id}/replay} is the exact case.
 */
public interface ReplayStarts {

	/**
	 * Starts the replay the request describes, as the current user, and answers the new
	 * run's id.
	 * @throws IllegalArgumentException when the request cannot be replayed (its message
	 * says why, for a person)
	 */
	String start(ReplayRequest request);

	/** Where replay {@code replayRunId} went live, if it did. */
	Optional<LiveFrom> liveFrom(String replayRunId);

}
