package io.bpmnagents.worker;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At a node's start, gives back the agent tasks still locked under its worker id that
 * nobody works on any more: those its earlier start had locked when it died. A node that
 * keeps its id across restarts (a configured {@code bpmn-agents.worker.id}, or host and
 * process id where both stay the same, as in a container) then takes them up in its next
 * poll instead of waiting up to {@code lock-duration} for their locks to run out.
 * <p>
 * Nobody works on a task when nobody renews its lock: a live holder (another process
 * under the same id, as in an overlapping rolling update, or this process's own calls)
 * renews every heartbeat interval. So it looks twice, one and a half heartbeat intervals
 * apart, and gives back only the tasks whose lock did not move and that this node has not
 * taken up in between.
 */
final class OwnLocksTakeBack {

	private static final Logger log = LoggerFactory.getLogger(OwnLocksTakeBack.class);

	private final ExternalTaskService externalTasks;

	private final String workerId;

	private final Set<String> topics;

	private final Duration renewalProof;

	private final Predicate<String> inWorkHere;

	private final Runnable wakeUp;

	OwnLocksTakeBack(ExternalTaskService externalTasks, String workerId, Set<String> topics, Duration heartbeat,
			Predicate<String> inWorkHere, Runnable wakeUp) {
		this.externalTasks = externalTasks;
		this.workerId = workerId;
		this.topics = topics;
		this.renewalProof = heartbeat.multipliedBy(3).dividedBy(2);
		this.inWorkHere = inWorkHere;
		this.wakeUp = wakeUp;
	}

	/** Looks now, and gives back one and a half heartbeat intervals later. */
	void scheduleOn(ScheduledExecutorService executor) {
		executor.execute(() -> {
			Map<String, Date> seen = locked();
			if (!seen.isEmpty()) {
				log.info("{} agent tasks are locked under this node's id ({}); those whose locks are not renewed "
						+ "within {} are taken back", seen.size(), this.workerId, this.renewalProof);
				executor.schedule(() -> giveBack(seen), this.renewalProof.toMillis(), TimeUnit.MILLISECONDS);
			}
		});
	}

	/** This node's tasks that are locked now, and when each lock runs out. */
	Map<String, Date> locked() {
		Map<String, Date> locked = new HashMap<>();
		try {
			for (ExternalTask task : this.externalTasks.createExternalTaskQuery()
				.workerId(this.workerId)
				.locked()
				.list()) {
				if (this.topics.contains(task.getTopicName()) && !this.inWorkHere.test(task.getId())) {
					locked.put(task.getId(), task.getLockExpirationTime());
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn(
					"Could not look for agent tasks of this node's earlier start; they wait for their locks to run out",
					ex);
		}
		return locked;
	}

	/** Gives back those of {@code seen} whose lock nobody renewed; returns how many. */
	int giveBack(Map<String, Date> seen) {
		int given = 0;
		try {
			for (Map.Entry<String, Date> now : locked().entrySet()) {
				Date before = seen.get(now.getKey());
				if (before != null && before.equals(now.getValue()) && !this.inWorkHere.test(now.getKey())) {
					this.externalTasks.unlock(now.getKey());
					given++;
				}
			}
		}
		catch (RuntimeException ex) {
			// The task ended meanwhile, or the database is away: what is not given back
			// waits for its lock to run out.
			log.warn("Taking back agent tasks of this node's earlier start stopped after {}: {}", given, ex.toString());
		}
		if (given > 0) {
			log.info("Took back {} agent tasks that this node ({}) had locked before it started again", given,
					this.workerId);
			this.wakeUp.run();
		}
		return given;
	}

}
