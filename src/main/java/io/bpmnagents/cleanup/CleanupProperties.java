package io.bpmnagents.cleanup;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Removing what the app keeps of a run (its transcript, tool calls, workspace and input)
 * once the engine has removed the run's history. It runs as a step of the engine's
 * history cleanup job, so it follows that job's batch window
 * ({@code camunda.bpm.generic-properties.properties.history-cleanup-batch-window-*}) and
 * also runs when the cleanup is started by hand.
 *
 * @param enabled whether the engine's history cleanup job also removes the app's rows of
 * runs whose history is gone
 * @param minAge rows younger than this are left for a later pass, whatever their run: a
 * margin for runs that are just starting or whose rows are still being written
 * @param batchSize runs whose rows one transaction removes
 * @param maxRunsPerPass runs one pass of the cleanup job removes at most; the rest wait
 * for the job's next pass
 * @param askTimeToLive how long a person's direct question to an agent and its calls are
 * kept: they have no process history, so the shipped processes' history time to live (30
 * days) stands in for it
 */
@ConfigurationProperties("bpmn-agents.cleanup")
public record CleanupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration minAge,
		@DefaultValue("200") int batchSize, @DefaultValue("20000") int maxRunsPerPass,
		@DefaultValue("30d") Duration askTimeToLive) {

	public CleanupProperties {
		if (minAge.isNegative() || askTimeToLive.isNegative()) {
			throw new IllegalArgumentException(
					"bpmn-agents.cleanup.min-age and .ask-time-to-live must not be negative");
		}
		if (batchSize < 1 || maxRunsPerPass < 1) {
			throw new IllegalArgumentException(
					"bpmn-agents.cleanup.batch-size and .max-runs-per-pass must be at least 1");
		}
	}

}
