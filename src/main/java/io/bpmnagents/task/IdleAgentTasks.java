package io.bpmnagents.task;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.bpmnagents.stall.StallProperties;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.worker.TopicHandler;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A run with no new answer for a set time ({@code bpmn-agents.stall.idle-after}; 15
 * minutes by default): every {@code idle-check-every}, the agent tasks that a worker
 * holds — an agent at work, in a model call or its tool loop — whose run's transcript has
 * had no call started or answered for that long, and which were handed out longer ago
 * than that, raise {@code AGENT_STALLED} ({@link StallEscalation#raiseIdle}). Not
 * stalled: a run waiting for a person (no agent task is held), a task waiting for its
 * quota's window or an administrator's decision (put back on purpose, "Waiting for …"), a
 * task paused until a person decides on its stall (also "Waiting for …",
 * {@link PausedAgentTasks}), and a task no worker has taken yet (a backlog, not the
 * agent's doing). Three queries per check, whatever the number of runs — the held agent
 * tasks, their runs, and the runs' last transcript entries — and none on a step.
 */
@Component
@EnableScheduling
class IdleAgentTasks {

	private static final Logger log = LoggerFactory.getLogger(IdleAgentTasks.class);

	/** How a deliberate wait (TaskOutcomes.retryAt) names itself on the task. */
	private static final String WAITING = "Waiting for ";

	private final ExternalTaskService tasks;

	private final RuntimeService runtime;

	private final TranscriptStore transcript;

	private final StallEscalation stalls;

	private final Duration idleAfter;

	private final ObjectProvider<TopicHandler> topics;

	private final Clock clock;

	IdleAgentTasks(ExternalTaskService tasks, RuntimeService runtime, TranscriptStore transcript,
			StallEscalation stalls, StallProperties properties, ObjectProvider<TopicHandler> topics,
			ObjectProvider<Clock> clock) {
		this.tasks = tasks;
		this.runtime = runtime;
		this.transcript = transcript;
		this.stalls = stalls;
		this.idleAfter = properties.idleAfter();
		this.topics = topics;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Scheduled(initialDelayString = "${bpmn-agents.stall.idle-check-every:30s}",
			fixedDelayString = "${bpmn-agents.stall.idle-check-every:30s}")
	void checkNow() {
		if (this.idleAfter.isZero() || this.idleAfter.isNegative()) {
			return;
		}
		try {
			check(this.clock.instant());
		}
		catch (RuntimeException ex) {
			// The next check tries again; a failing check must not stop the schedule.
			log.warn("Checking for idle agent tasks failed: {}", ex.toString());
		}
	}

	List<String> check(Instant now) {
		return check(now, this.idleAfter);
	}

	/**
	 * Raises the escalation on each agent task idle at {@code now}.
	 * @return the ids of the tasks raised
	 */
	List<String> check(Instant now, Duration idleAfter) {
		Instant since = now.minus(idleAfter);
		Set<String> agentTopics = this.topics.stream().map(TopicHandler::topic).collect(Collectors.toSet());
		List<ExternalTask> held = this.tasks.createExternalTaskQuery()
			.locked()
			.withRetriesLeft()
			.active()
			.list()
			.stream()
			.filter((task) -> agentTopics.contains(task.getTopicName()))
			.filter((task) -> task.getErrorMessage() == null || !task.getErrorMessage().startsWith(WAITING))
			.filter((task) -> task.getCreateTime() != null && task.getCreateTime().toInstant().isBefore(since))
			.toList();
		if (held.isEmpty()) {
			return List.of();
		}
		Map<String, String> runs = this.runtime.createProcessInstanceQuery()
			.processInstanceIds(held.stream().map(ExternalTask::getProcessInstanceId).collect(Collectors.toSet()))
			.list()
			.stream()
			.collect(
					Collectors.toMap(ProcessInstance::getId, (instance) -> (instance.getRootProcessInstanceId() != null)
							? instance.getRootProcessInstanceId() : instance.getId(), (a, b) -> a));
		Map<String, Instant> last = this.transcript.lastActivity(Set.copyOf(runs.values()));
		List<String> raised = new ArrayList<>();
		for (ExternalTask task : held) {
			String run = runs.getOrDefault(task.getProcessInstanceId(), task.getProcessInstanceId());
			Instant lastAnswer = last.get(run);
			if (lastAnswer != null && !lastAnswer.isBefore(since)) {
				continue;
			}
			if (this.stalls.raiseIdle(task.getId(), task.getWorkerId(), message(task, lastAnswer, idleAfter))) {
				log.info("Agent task {} of run {} had no new answer since {}: AGENT_STALLED", task.getActivityId(), run,
						(lastAnswer != null) ? lastAnswer : task.getCreateTime().toInstant());
				raised.add(task.getId());
			}
		}
		return raised;
	}

	private static String message(ExternalTask task, Instant lastAnswer, Duration idleAfter) {
		return "Agent task '" + task.getActivityId() + "' had no new answer for more than " + describe(idleAfter)
				+ " (bpmn-agents.stall.idle-after): "
				+ ((lastAnswer != null) ? "the run's last model call started or answered at " + lastAnswer
						: "no model call of the run started or answered since the task began at "
								+ task.getCreateTime().toInstant())
				+ ".";
	}

	private static String describe(Duration duration) {
		return duration.toString().substring(2).toLowerCase();
	}

}
