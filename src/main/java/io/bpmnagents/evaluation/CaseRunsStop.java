package io.bpmnagents.evaluation;

import io.bpmnagents.engine.EngineHooks;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * When an evaluation run ends, the case runs it started that still run are stopped with
 * it (status STOPPED, {@code endedBy} stop) and its cases are shown as stopped. It
 * listens to the end of the evaluation's process instance inside the engine, so every
 * route to that end takes it, in the same transaction: {@code POST /api/runs/{id}/stop},
 * a cancel in Cockpit or over {@code /engine-rest} (a built-in listener runs even when
 * custom listeners are skipped), and an evaluation that ends early on an error. Whoever
 * may end the evaluation causes this; the case runs are stopped by the app, as the
 * evaluation started them for its starter.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CaseRunsStop extends AbstractProcessEnginePlugin {

	/** Lazily, as the engine's service: the plugin is made before the engine. */
	private final ObjectProvider<EvaluationCases> cases;

	private final ObjectProvider<RuntimeService> runtime;

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.onRun(configuration, ExecutionListener.EVENTNAME_END, this::runEnded);
	}

	private void runEnded(ExecutionEntity run) {
		// Every run's end passes here: only an evaluation's costs a query.
		if (!Evaluations.PROCESS.equals(run.getProcessDefinition().getKey())) {
			return;
		}
		String reason = reason(run);
		CommandContext context = Context.getCommandContext();
		for (String caseRun : this.cases.getObject().stopRunning(run.getId(), reason)) {
			// In the ending command: the person's grants were checked on the evaluation.
			context.runWithoutAuthorization(() -> stop(caseRun, reason));
		}
	}

	/**
	 * Stops a case's run as a stop through the API does (deleted, externally terminated:
	 * STOPPED), unless it has ended already.
	 */
	Void stop(String caseRun, String reason) {
		RuntimeService engine = this.runtime.getObject();
		if (engine.createProcessInstanceQuery().processInstanceId(caseRun).count() > 0) {
			engine.deleteProcessInstance(caseRun, reason, false, true);
		}
		return null;
	}

	private static String reason(ExecutionEntity run) {
		if (run.isDeleteRoot()) {
			Authentication person = Context.getCommandContext().getAuthentication();
			String by = (person != null && person.getUserId() != null) ? " by " + person.getUserId() : "";
			return "Stopped with evaluation " + run.getId() + by
					+ ((run.getDeleteReason() != null) ? " (" + run.getDeleteReason() + ")" : "");
		}
		return "Stopped: evaluation " + run.getId() + " ended before this case's run did";
	}

}
