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
	 * Raises the escalation, or reports the incident when nothing interrupting catches
	 * it.
	 */
	void raise(LockedExternalTask task, String message) {
		boolean interrupted = this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExternalTaskEntity entity = context.getExternalTaskManager().findExternalTaskById(task.getId());
			if (entity == null || !this.workerId.equals(entity.getWorkerId())) {
				// Gone or taken over meanwhile: whoever holds it now decides.
				return true;
			}
			ExecutionEntity execution = entity.getExecution();
			if (!catchesInterrupting(execution)) {
				return false;
			}
			execution.setVariable(REASON_VARIABLE, message);
			EscalationHandler.propagateEscalation(execution, StallProperties.ESCALATION_CODE);
			return true;
		});
		if (!interrupted) {
			this.outcomes.fail(task, new IllegalStateException(uncaught(task.getActivityId(), message)), false);
		}
	}

	/**
	 * Raises the escalation on an agent task that a worker (of any node) still holds but
	 * that has had no new answer for too long: the worker's answer, should it come, is
	 * then discarded, as for a task taken from it. Where nothing interrupting catches it,
	 * the task becomes an incident at once and is taken from its worker.
	 * @param workerId the worker seen holding it; a task handed to another since, gone or
	 * already an incident is left alone
	 * @return whether the escalation or the incident was raised
	 */
	boolean raiseIdle(String taskId, String workerId, String message) {
		return this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExternalTaskEntity entity = context.getExternalTaskManager().findExternalTaskById(taskId);
			if (entity == null || workerId == null || !workerId.equals(entity.getWorkerId())
					|| (entity.getRetries() != null && entity.getRetries() <= 0)) {
				return false;
			}
			ExecutionEntity execution = entity.getExecution();
			if (catchesInterrupting(execution)) {
				execution.setVariable(REASON_VARIABLE, message);
				EscalationHandler.propagateEscalation(execution, StallProperties.ESCALATION_CODE);
			}
			else {
				entity.failed(uncaught(entity.getActivityId(), message), null, 0, 0, null, null);
				entity.unlock();
			}
			return true;
		});
	}

	private static String uncaught(String activityId, String message) {
		return message + " Nothing on the path of '" + activityId + "' catches the BPMN escalation "
				+ StallProperties.ESCALATION_CODE + " with an interrupting event; catch it in the model (the shipped "
				+ "patterns ask a person), or retry to let the agent go on.";
	}

	/**
	 * Whether an interrupting escalation boundary event or event subprocess on the way
	 * out of the task's scopes catches the code.
	 */
	private static boolean catchesInterrupting(ExecutionEntity execution) {
		ScopeImpl scope = execution.getActivity();
		while (scope != null) {
			List<EscalationEventDefinition> definitions = scope.getProperties()
				.get(BpmnProperties.ESCALATION_EVENT_DEFINITIONS);
			if (definitions.stream()
				.anyMatch((definition) -> definition.isCancelActivity() && (definition.getEscalationCode() == null
						|| StallProperties.ESCALATION_CODE.equals(definition.getEscalationCode())))) {
				return true;
			}
			scope = (scope instanceof ActivityImpl activity) ? activity.getFlowScope() : null;
		}
		return false;
	}

}
