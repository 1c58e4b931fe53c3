package io.bpmnagents.task;

import java.util.List;

import io.bpmnagents.agent.WorkerIdentity;
import io.bpmnagents.stall.StallProperties;
import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.helper.EscalationHandler;
import org.camunda.bpm.engine.impl.bpmn.parser.EscalationEventDefinition;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

import org.springframework.stereotype.Component;

/**
 * Raises the BPMN escalation {@value StallProperties#ESCALATION_CODE} from an agent task.
 * Camunda 7's external task API can complete a task, fail it or raise a BPMN error, but
 * not an escalation; so the escalation is thrown inside one engine command, by the
 * engine's own {@link EscalationHandler} (what an escalation end or throw event does), on
 * the execution of the task this worker still holds. An interrupting catch ends the task;
 * where nothing catches it, or only a non-interrupting catch does, the task becomes an
 * incident naming the stall (a person retries it from Cockpit to let the agent go on).
 */
@Component
class StallEscalation {

	/** The variable that says why, set with the escalation. */
	static final String REASON_VARIABLE = "stallReason";

	private final ProcessEngineConfigurationImpl engine;

	private final TaskOutcomes outcomes;

	private final String workerId;

	StallEscalation(ProcessEngineConfigurationImpl engine, TaskOutcomes outcomes, WorkerIdentity worker) {
		this.engine = engine;
		this.outcomes = outcomes;
		this.workerId = worker.id();
	}

	/**
	 * Raises the escalation, or reports the incident when nothing catches it.
	 */
	void raise(LockedExternalTask task, String message) {
		boolean caught = this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExternalTaskEntity entity = context.getExternalTaskManager().findExternalTaskById(task.getId());
			if (entity == null || !this.workerId.equals(entity.getWorkerId())) {
				// Gone or taken over meanwhile: whoever holds it now decides.
				return true;
			}
			return escalate(entity, message);
		});
		if (!caught) {
			this.outcomes.fail(task, new IllegalStateException(uncaught(task.getActivityId(), message)), false);
		}
	}

	/**
	 * Raises the escalation on an agent task that a worker (of any node) still holds but
	 * that has had no new answer for too long: the worker's answer, should it come, is
	 * then discarded, as for a task taken from it. Where nothing catches it, the task
	 * becomes an incident at once and is taken from its worker.
	 * @param workerId the worker seen holding it; a task handed to another since, gone,
	 * paused or already an incident is left alone
	 * @return whether the escalation or the incident was raised
	 */
	boolean raiseIdle(String taskId, String workerId, String message) {
		return this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExternalTaskEntity entity = context.getExternalTaskManager().findExternalTaskById(taskId);
			if (entity == null || workerId == null || !workerId.equals(entity.getWorkerId())
					|| PausedAgentTasks.isPaused(entity) || (entity.getRetries() != null && entity.getRetries() <= 0)) {
				return false;
			}
			if (!escalate(entity, message)) {
				entity.failed(uncaught(entity.getActivityId(), message), null, 0, 0, null, null);
				entity.unlock();
			}
			return true;
		});
	}

	/**
	 * Throws the escalation to the nearest catch on the way out of the task's scopes, as
	 * the engine would: an interrupting one ends the task, a non-interrupting one pauses
	 * it ({@link PausedAgentTasks}).
	 * @return false when nothing catches it
	 */
	private static boolean escalate(ExternalTaskEntity entity, String message) {
		ExecutionEntity execution = entity.getExecution();
		EscalationEventDefinition nearest = nearestCatch(execution);
		if (nearest == null) {
			return false;
		}
		if (nearest.isCancelActivity()) {
			execution.setVariable(REASON_VARIABLE, message);
			EscalationHandler.propagateEscalation(execution, StallProperties.ESCALATION_CODE);
		}
		else {
			PausedAgentTasks.pause(entity, message);
		}
		return true;
	}

	private static String uncaught(String activityId, String message) {
		return message + " Nothing on the path of '" + activityId + "' catches the BPMN escalation "
				+ StallProperties.ESCALATION_CODE + "; catch it in the model (the shipped patterns ask a person), or "
				+ "retry to let the agent go on.";
	}

	/**
	 * The escalation boundary event or event subprocess that catches the code nearest to
	 * the task (what the engine's own search finds), or null.
	 */
	private static EscalationEventDefinition nearestCatch(ExecutionEntity execution) {
		ScopeImpl scope = execution.getActivity();
		while (scope != null) {
			List<EscalationEventDefinition> definitions = scope.getProperties()
				.get(BpmnProperties.ESCALATION_EVENT_DEFINITIONS);
			for (EscalationEventDefinition definition : definitions) {
				if (definition.getEscalationCode() == null
						|| StallProperties.ESCALATION_CODE.equals(definition.getEscalationCode())) {
					return definition;
				}
			}
			scope = (scope instanceof ActivityImpl activity) ? activity.getFlowScope() : null;
		}
		return null;
	}

}
