package io.bpmnagents.security;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.HistoricProcessInstanceQueryImpl;
import org.camunda.bpm.engine.impl.ProcessInstanceQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentManager;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionManager;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * Deleting a deployment or a process definition with its runs ({@code cascade}) deletes
 * other people's runs only when an administrator does it. Camunda lets whoever deployed a
 * deployment delete it (it grants the deployer {@code DELETE} on it), and a cascading
 * delete then removes every run of its processes and their history without asking whose
 * they are. So a cascading delete by anyone else is refused ({@code 403}) while a run of
 * those processes, running or in history, was started by another person or by no person
 * at all (a call from another run, a timer); their own runs go with it. The check runs
 * where the engine deletes, so it holds for {@code DELETE /engine-rest/deployment/{id}},
 * {@code /process-definition/{id}} and {@code /key/{key}} with {@code cascade=true},
 * Cockpit (the webapps' engine API) and Java alike. Without cascade nothing of a run is
 * deleted: Camunda refuses while runs are running and keeps the history.
 */
@Component
class CascadeDeletes extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addSession(configuration, DeploymentManager.class, GuardedDeploymentManager::new);
		EngineHooks.addSession(configuration, ProcessDefinitionManager.class, GuardedProcessDefinitionManager::new);
	}

	/**
	 * Refuses unless the person is an administrator, nobody is authenticated (the
	 * engine's own work), or every run of the definition was started by the person.
	 */
	static void checkRunsOf(ProcessDefinition definition, String what) {
		CommandContext context = Context.getCommandContext();
		Authentication person = context.getAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		String user = person.getUserId();
		String id = definition.getId();
		// Counted as the engine: the person may not be allowed to read other people's
		// runs, which is the point.
		long others = context.runWithoutAuthorization(() -> {
			long inHistory = new HistoricProcessInstanceQueryImpl().processDefinitionId(id).executeCount(context);
			long theirsInHistory = ((HistoricProcessInstanceQueryImpl) new HistoricProcessInstanceQueryImpl()
				.processDefinitionId(id)
				.startedBy(user)).executeCount(context);
			long running = new ProcessInstanceQueryImpl().processDefinitionId(id).executeCount(context);
			long theirsRunning = ((HistoricProcessInstanceQueryImpl) new HistoricProcessInstanceQueryImpl()
				.processDefinitionId(id)
				.startedBy(user)
				.unfinished()).executeCount(context);
			// A running instance not in history (history level none) counts as someone
			// else's: whose it is cannot be told.
			return Math.max(inHistory - theirsInHistory, running - theirsRunning);
		});
		if (others > 0) {
			throw new AuthorizationException("User '" + user + "' may not delete " + what + " with its runs: " + others
					+ " run(s) of process '" + definition.getKey() + "' (version " + definition.getVersion()
					+ ") were started by other people, and a cascading delete would erase them and their history. "
					+ "Delete it without cascade (history stays; Camunda refuses while runs are running), "
					+ "or ask a member of " + AccessGroups.ADMINISTRATORS + ".");
		}
	}

	/** Checks a cascading delete of a deployment before any run is deleted. */
	static final class GuardedDeploymentManager extends DeploymentManager {

		@Override
		public void deleteDeployment(String deploymentId, boolean cascade, boolean skipCustomListeners,
				boolean skipIoMappings) {
			if (cascade) {
				for (ProcessDefinition definition : getProcessDefinitionManager()
					.findProcessDefinitionsByDeploymentId(deploymentId)) {
					checkRunsOf(definition, "deployment '" + deploymentId + "'");
				}
			}
			super.deleteDeployment(deploymentId, cascade, skipCustomListeners, skipIoMappings);
		}

	}

	/** Checks a cascading delete of a process definition, however it was asked for. */
	static final class GuardedProcessDefinitionManager extends ProcessDefinitionManager {

		@Override
		public void deleteProcessDefinition(ProcessDefinition processDefinition, String processDefinitionId,
				boolean cascadeToHistory, boolean cascadeToInstances, boolean skipCustomListeners,
				boolean skipIoMappings) {
			if (cascadeToHistory || cascadeToInstances) {
				checkRunsOf(processDefinition, "process definition '" + processDefinitionId + "'");
			}
			super.deleteProcessDefinition(processDefinition, processDefinitionId, cascadeToHistory, cascadeToInstances,
					skipCustomListeners, skipIoMappings);
		}

	}

}
