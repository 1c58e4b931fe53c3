package io.bpmnagents.task;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process external task worker that runs agent tasks.
 *
 * @param enabled whether this node fetches agent tasks (turn off on engine-only nodes)
 * @param maxConcurrency model calls this node runs at once
 * @param pollInterval pause between fetches when no task was found
 * @param lockDuration how long a fetched task stays locked to this node; longer than
 * {@code llm.timeout}
 * @param maxAttempts tries of a model call before the task becomes an incident
 * @param retryBackoff wait before the first retry; doubled for each further one
 * @param maxBackoff upper bound of the wait between retries
 */
@ConfigurationProperties("bpmn-agents.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("16") int maxConcurrency,
		@DefaultValue("100ms") Duration pollInterval, @DefaultValue("5m") Duration lockDuration,
		@DefaultValue("3") int maxAttempts, @DefaultValue("2s") Duration retryBackoff,
		@DefaultValue("1m") Duration maxBackoff) {

	/** The wait before retrying after the given failed attempt (1-based). */
	Duration backoffAfter(int attempt) {
		long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
		Duration wait = this.retryBackoff.multipliedBy(factor);
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
