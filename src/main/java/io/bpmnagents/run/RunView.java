package io.bpmnagents.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bpmnagents.transcript.Usage;

/** A run as {@code GET /api/runs/{id}} shows it. */
public record RunView(String id, String process, int processVersion, Status status, List<IncidentView> incidents,
		List<UserTaskView> userTasks, Map<String, Object> output, Instant startedAt, Instant endedAt, Usage usage) {

	public enum Status {

		RUNNING, COMPLETED, FAILED

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
