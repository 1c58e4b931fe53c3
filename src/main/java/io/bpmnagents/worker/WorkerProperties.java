package io.bpmnagents.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-process external task worker that runs agent tasks.
 *
 * @param enabled whether this node fetches agent tasks (turn off on engine-only nodes)
 * @param maxConcurrency agent tasks this node works on at once: threads that mostly wait
 * on HTTP, so hundreds are cheap; limit a provider's load with
 * {@code llm.max-concurrent-calls} instead
 * @param pollInterval pause between fetches when no task was found
 * @param lockDuration how long a fetched task stays locked to this node without a
 * heartbeat; after a crash, its tasks are free again after at most this long
 * @param heartbeatInterval how often the locks of running tasks are renewed; empty means
 * a third of {@code lockDuration}
 * @param maxAttempts tries of a model call before the task becomes an incident
 * @param retryBackoff wait before the first retry; doubled for each further one
 * @param maxBackoff upper bound of the wait between retries
 */
@ConfigurationProperties("bpmn-agents.worker")
public record WorkerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("256") int maxConcurrency,
		@DefaultValue("100ms") Duration pollInterval, @DefaultValue("30s") Duration lockDuration,
		Duration heartbeatInterval, @DefaultValue("3") int maxAttempts, @DefaultValue("2s") Duration retryBackoff,
		@DefaultValue("1m") Duration maxBackoff) {

	public WorkerProperties {
		if (maxConcurrency < 1) {
			throw new IllegalArgumentException("bpmn-agents.worker.max-concurrency must be at least 1");
		}
		if (heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
			heartbeatInterval = lockDuration.dividedBy(3);
		}
		if (heartbeatInterval.compareTo(lockDuration) >= 0) {
			throw new IllegalArgumentException(
					"bpmn-agents.worker.heartbeat-interval must be shorter than bpmn-agents.worker.lock-duration");
		}
	}

	/** The wait before retrying after the given failed attempt (1-based). */
	Duration backoffAfter(int attempt) {
		long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
		Duration wait = this.retryBackoff.multipliedBy(factor);
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

}
