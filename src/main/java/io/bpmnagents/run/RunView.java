package io.bpmnagents.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bpmnagents.transcript.Usage;

/**
 * A run as {@code GET /api/runs/{id}} shows it. A run that ended before its work was done
 * (TIMED_OUT, STOPPED, or FAILED on an exhausted budget) shows the outputs it had so far,
 * its usage and, in {@code endedBy} and {@code endMessage}, what ended it.
 *
 * @param businessKey the run's business key (given at start, or made from the process and
 * a short id), which Cockpit's search by business key finds
 * @param endedBy what ended the run, once it has ended and something says so:
 * {@code deadline}, {@code stop}, {@code budget}, {@code error} (another BPMN error), or
 * what a conversation's own condition was ({@code phrase}, {@code maxTurns}); otherwise
 * {@code null}
 * @param endMessage why, in words (the BPMN error's message, or who stopped the run)
 */
public record RunView(String id, String businessKey, String process, int processVersion, Status status,
		List<IncidentView> incidents, List<UserTaskView> userTasks, Map<String, Object> output, Instant startedAt,
		Instant endedAt, Usage usage, String endedBy, String endMessage) {

	public enum Status {

		RUNNING, COMPLETED, FAILED, TIMED_OUT, STOPPED

	}

	/** An open incident: where the run is stuck and why; retry it from Cockpit. */
	public record IncidentView(String id, String activityId, String type, String message, Instant createdAt) {
	}

	/**
	 * A task waiting for a person (an approval in Tasklist); complete it there, through
	 * {@code /engine-rest/task/{id}/complete}, or for an approval through {@code POST
	 * /api/runs/{id}/approval}.
	 */
	public record UserTaskView(String id, String activityId, String name, String assignee, Instant createdAt) {
	}

}
