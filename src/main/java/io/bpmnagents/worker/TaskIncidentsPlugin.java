package io.bpmnagents.worker;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.incident.DefaultIncidentHandler;
import org.camunda.bpm.engine.impl.incident.IncidentContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.runtime.Incident;

import org.springframework.stereotype.Component;

/**
 * An external task that ends (completed, or deleted with its run) has its incidents
 * resolved without a query when it can have none. Camunda's handler looks them up by the
 * task's id every time: one query per agent step. A failed external task's incident hangs
 * on the task's execution, and the execution's row says whether it has any incident (its
 * cached entity state, kept by the engine); the command has that execution loaded
 * already. When it has none, there is nothing to resolve; otherwise, or when the
 * execution is not loaded, Camunda's handler looks as before.
 */
@Component
class TaskIncidentsPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addIncidentHandler(configuration, new Handler());
	}

	/** Camunda's handler for failed external tasks, skipping the needless look-up. */
	static final class Handler extends DefaultIncidentHandler {

		Handler() {
			super(Incident.EXTERNAL_TASK_HANDLER_TYPE);
		}

		@Override
		protected void removeIncident(IncidentContext context, boolean incidentResolved) {
			if (!noneOn(context.getExecutionId())) {
				super.removeIncident(context, incidentResolved);
			}
		}

		private static boolean noneOn(String executionId) {
			if (executionId == null) {
				return false;
			}
			ExecutionEntity execution = Context.getCommandContext()
				.getDbEntityManager()
				.getCachedEntity(ExecutionEntity.class, executionId);
			return execution != null && execution.getIncidents().isEmpty();
		}

	}

}
