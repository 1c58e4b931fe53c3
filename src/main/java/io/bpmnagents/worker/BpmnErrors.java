package io.bpmnagents.worker;

import java.util.List;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnProperties;
import org.camunda.bpm.engine.impl.bpmn.parser.ErrorEventDefinition;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;

import org.springframework.stereotype.Component;

/**
 * Raises the BPMN errors agent tasks end on ({@code INVALID_ANSWER},
 * {@code BUDGET_EXHAUSTED}) only where something catches them. Camunda 7 ends the branch
 * of an uncaught error from an external task silently, and the run would look completed;
 * an incident that names the error is what a person can act on instead.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class BpmnErrors {

	private final ProcessEngineConfigurationImpl engine;

	private final TaskOutcomes outcomes;

	/**
	 * The BPMN error when the task's path catches it, else an incident that says so.
	 * @return whether it was raised as the BPMN error ({@code false}: an incident)
	 */
	public boolean raise(LockedExternalTask task, String code, String message, Map<String, Object> variables) {
		if (catches(task.getExecutionId(), code)) {
			this.outcomes.bpmnError(task, code, message, variables);
			return true;
		}
		else {
			this.outcomes.fail(task, new IllegalStateException(message + " Nothing on the path of '"
					+ task.getActivityId() + "' catches the BPMN error " + code
					+ " (a boundary event or an error event subprocess), so it would end the branch without a trace;"
					+ " catch it in the model, or fix the cause and retry."), false);
			return false;
		}
	}

	/**
	 * Whether an error boundary event or error event subprocess catches {@code code} on
	 * the way from the execution's activity out through its scopes and the call
	 * activities that called its process, as the engine will look for it.
	 */
	boolean catches(String executionId, String code) {
		return this.engine.getCommandExecutorTxRequired().execute((context) -> {
			ExecutionEntity execution = context.getExecutionManager().findExecutionById(executionId);
			while (execution != null) {
				ScopeImpl scope = execution.getActivity();
				while (scope != null) {
					List<ErrorEventDefinition> definitions = scope.getProperties()
						.get(BpmnProperties.ERROR_EVENT_DEFINITIONS);
					if (definitions.stream().anyMatch((definition) -> definition.catchesError(code))) {
						return true;
					}
					scope = (scope instanceof ActivityImpl activity) ? activity.getFlowScope() : null;
				}
				execution = execution.getProcessInstance().getSuperExecution();
			}
			return false;
		});
	}

}
