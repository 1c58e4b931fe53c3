package io.bpmnagents.task;

import java.util.List;

import io.bpmnagents.engine.CommandFields;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.cmd.ExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.HandleExternalTaskCmd;
import org.camunda.bpm.engine.impl.cmd.UnlockExternalTaskCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;

/**
 * A paused agent task ({@link PausedAgentTasks}) is let go by a person's decision only.
 * Freeing its lock any other way would let a worker run it while the decision still
 * waits: unlocking it ({@code /engine-rest/external-task/{id}/unlock}), or acting as its
 * "worker" {@value PausedAgentTasks#PAUSED_WORKER} (locking it for a moment, extending
 * the lock by a moment, reporting a failure with a retry time, completing it with a
 * result, or raising a BPMN error: each either frees the lock or ends the task without
 * the decision). Refused on every route to the engine, to administrators too (400),
 * naming the decision to take instead. Setting the task's retries leaves the lock alone
 * and is not refused.
 * <p>
 * A worker's own commands carry its own worker id and are let through after one field is
 * read: no query on an agent's step. An unlock (not part of a step) looks the task up,
 * which the command then finds in the session's cache.
 */
class PausedTaskLocks extends CommandInterceptor {

	/**
	 * Looked up when the interceptor is added: one that is gone (a Camunda upgrade) stops
	 * the engine from starting rather than letting a pause be undone.
	 */
	private static final String WITHOUT = "paused agent tasks could not be kept paused";

	private static final CommandFields TASK_ID = CommandFields.named("externalTaskId", WITHOUT, ExternalTaskCmd.class);

	private static final CommandFields WORKER_ID = CommandFields.named("workerId", WITHOUT,
			HandleExternalTaskCmd.class);

	@Override
	public <T> T execute(Command<T> command) {
		boolean unlock = command instanceof UnlockExternalTaskCmd;
		if (unlock || (command instanceof HandleExternalTaskCmd
				&& PausedAgentTasks.PAUSED_WORKER.equals(WORKER_ID.of(command)))) {
			CommandContext context = Context.getCommandContext();
			Object id = TASK_ID.of(command);
			ExternalTaskEntity task = (context != null && id instanceof String taskId)
					? context.getExternalTaskManager().findExternalTaskById(taskId) : null;
			if (task != null && PausedAgentTasks.isPaused(task)) {
				throw new BadUserRequestException("Agent task '" + task.getActivityId() + "' (external task "
						+ task.getId() + ") is paused until a person decides how the stalled agent goes on: "
						+ decision(context, task) + ". That decision lets the agent go on (or stops the run); "
						+ (unlock ? "unlocking" : "handling it as the paused worker")
						+ " would let a worker run it without one, so it is refused.");
			}
		}
		return this.next.execute(command);
	}

	/** The decision task(s) waiting for this paused task, as a person finds them. */
	private static String decision(CommandContext context, ExternalTaskEntity paused) {
		List<String> waiting = context.getTaskManager()
			.findTasksByProcessInstanceId(paused.getProcessInstanceId())
			.stream()
			.filter((task) -> paused.getId().equals(task.getVariable(PausedAgentTasks.STALLED_TASK)))
			.map(PausedTaskLocks::named)
			.toList();
		return waiting.isEmpty() ? "decide on its run's task in Tasklist"
				: "decide on " + String.join(" or ", waiting) + " in Tasklist";
	}

	private static String named(TaskEntity task) {
		return "the task '" + task.getName() + "' (" + task.getId() + ")";
	}

}
