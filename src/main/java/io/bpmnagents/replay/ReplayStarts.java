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
	 * @throws RuntimeException when the request cannot be replayed, its message saying
	 * why, for a person; over HTTP each is a problem answer: a run the user does not see
	 * (404), a run still running or without a recorded input ({@code 409}, a
	 * {@code run.RunConflictException}), a version of another process or an override of
	 * an unknown agent ({@code 400}, an {@code InvalidInputException}), a user who may
	 * not start the process ({@code 403})
	 */
	String start(ReplayRequest request);

	/** Where replay {@code replayRunId} went live, if it did. */
	Optional<LiveFrom> liveFrom(String replayRunId);

}
