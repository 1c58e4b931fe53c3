package io.bpmnagents.task;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bpmnagents.stall.StallProperties;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.bpmn.helper.EscalationHandler;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;

import org.springframework.stereotype.Component;

/**
 * A stalled agent task that a non-interrupting {@code AGENT_STALLED} event subprocess
 * catches is paused, not ended: it stays where it is, locked under the worker id
 * {@value #PAUSED_WORKER} for a hundred years, so no worker fetches it and the idle check
 * leaves it alone; the lock is in the engine's table, so it outlasts a restart. The event
 * subprocess that asks a person gets the task's id ({@value #STALLED_TASK}) and the
 * reason ({@value StallEscalation#REASON_VARIABLE}) as its own variables, so several
 * stalls at once (branches of a fan-out) each lead to their own task. The person's
 * decision releases the task ({@link #release}); a worker then takes it up again from its
 * start, under a call key of its own so that the stalled calls are not replayed, with the
 * person's instruction, if any, added to its prompt once ({@link Resume}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class PausedAgentTasks {

	/** The worker id a paused task is locked under; Cockpit shows it on the task. */
	static final String PAUSED_WORKER = "paused-until-a-person-decides-on-the-stall";

	/** What Cockpit shows as the paused task's message; "Waiting for" as other waits. */
	static final String WAITING = "Waiting for a person to decide how the stalled agent goes on: ";

	/** The event subprocess's variable naming the paused task. */
	static final String STALLED_TASK = "stalledTask";

	/**
	 * On the task's execution: {@code <task id>/resumed-<n>}, the key of its next calls.
	 */
	static final String RESUMED_AS = "stallResumedAs";

	/** On the task's execution: the instruction its next delivery adds to its prompt. */
	static final String INSTRUCTION = "stallResumeInstruction";

	private static final Duration PAUSE = Duration.ofDays(36500);

	private final ProcessEngineConfigurationImpl engine;

	static boolean isPaused(ExternalTaskEntity task) {
		return PAUSED_WORKER.equals(task.getWorkerId());
	}

	/**
	 * Throws the escalation to the non-interrupting catch and pauses the task; runs
	 * inside the engine command that found the catch. The engine starts the event
	 * subprocess in that command; the new scope execution it made is the subprocess's.
	 */
	static void pause(ExternalTaskEntity task, String reason) {
		ExecutionEntity execution = task.getExecution();
		ExecutionEntity instance = execution.getProcessInstance();
		Set<String> before = new HashSet<>();
		tree(instance).forEach((each) -> before.add(each.getId()));
		EscalationHandler.propagateEscalation(execution, StallProperties.ESCALATION_CODE);
		Set<ExecutionEntity> holding = new HashSet<>();
		for (ExecutionEntity up = task.getExecution(); up != null; up = up.getParent()) {
			holding.add(up);
		}
		List<ExecutionEntity> made = tree(instance).stream()
			.filter((each) -> !before.contains(each.getId()) && !holding.contains(each))
			.toList();
		// An event subprocess is a scope of its own; a non-interrupting boundary event
		// (on a subprocess around the task) runs on a new concurrent execution. New
		// executions that hold the paused task (the engine made the task's branch
		// concurrent) are not the catch's.
		ExecutionEntity catching = made.stream()
			.filter(ExecutionEntity::isScope)
			.findFirst()
			.orElseGet(() -> made.stream()
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"The AGENT_STALLED catch of '" + task.getActivityId() + "' started no path of its own")));
		catching.setVariableLocal(STALLED_TASK, task.getId());
		catching.setVariableLocal(StallEscalation.REASON_VARIABLE, reason);
		task.lock(PAUSED_WORKER, PAUSE.toMillis());
		task.setErrorMessage(WAITING + reason);
	}

	/**
	 * Lets a paused task be fetched again.
	 * @param processInstanceId the process instance that decided: only its own tasks are
	 * released
	 * @param instruction added to the task's prompt on its next delivery; null for none
	 * @return false when the task is gone or not paused (released already: a retry)
	 * @throws IllegalArgumentException when the task is another process instance's
	 */
	boolean release(String processInstanceId, String taskId, String instruction) {
		return this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExternalTaskEntity task = context.getExternalTaskManager().findExternalTaskById(taskId);
			if (task == null || !isPaused(task)) {
				return false;
			}
			if (!task.getProcessInstanceId().equals(processInstanceId)) {
				throw new IllegalArgumentException("Agent task '" + taskId + "' is not paused in process instance '"
						+ processInstanceId + "': a decision releases only its own run's task");
			}
			ExecutionEntity execution = task.getExecution();
			execution.setVariableLocal(RESUMED_AS, taskId + "/resumed-" + (resumptions(execution, taskId) + 1));
			if (instruction != null) {
				execution.setVariableLocal(INSTRUCTION, instruction);
			}
			else {
				execution.removeVariableLocal(INSTRUCTION);
			}
			task.setErrorMessage(null);
			task.unlock();
			return true;
		});
	}

	private static int resumptions(ExecutionEntity execution, String taskId) {
		Object earlier = execution.getVariableLocal(RESUMED_AS);
		String prefix = taskId + "/resumed-";
		return (earlier instanceof String key && key.startsWith(prefix))
				? Integer.parseInt(key.substring(prefix.length())) : 0;
	}

	private static Deque<ExecutionEntity> tree(ExecutionEntity root) {
		Deque<ExecutionEntity> all = new ArrayDeque<>();
		Deque<ExecutionEntity> open = new ArrayDeque<>();
		open.add(root);
		while (!open.isEmpty()) {
			ExecutionEntity next = open.poll();
			all.add(next);
			open.addAll(next.getExecutions());
		}
		return all;
	}

	/**
	 * How a released task's next delivery asks: under its own call key, with the person's
	 * instruction. Read from the variables fetched with the task: no query.
	 */
	record Resume(String key, String instruction) {

		static final Resume NONE = new Resume(null, null);

		static Resume of(LockedExternalTask task) {
			var variables = task.getVariables();
			if (variables == null || !(variables.get(RESUMED_AS) instanceof String key)
					|| !key.startsWith(task.getId() + "/")) {
				return NONE;
			}
			return new Resume(key, (variables.get(INSTRUCTION) instanceof String text) ? text : null);
		}

		/** The call key in place of one that starts with the task's id. */
		String callKey(LockedExternalTask task, String callKey) {
			return (this.key != null && callKey != null && callKey.startsWith(task.getId()))
					? this.key + callKey.substring(task.getId().length()) : callKey;
		}

		String prompt(String prompt) {
			return (this.instruction != null) ? prompt + "\n\n" + this.instruction : prompt;
		}

	}

}
