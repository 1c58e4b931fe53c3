package io.bpmnagents.evaluation;

import java.lang.reflect.Proxy;

import io.bpmnagents.security.AccessGroups;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.CommandChecker;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.ActivateProcessDefinitionCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInvocationContext;
import org.camunda.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;

import org.springframework.stereotype.Component;

/**
 * Nobody but an administrator activates a version that a gate holds back: its evaluation
 * does, when it passes. Whoever was granted {@code SUSPEND} or {@code UPDATE} on process
 * definitions could otherwise activate it through the engine ({@code PUT
 * /engine-rest/process-definition/{id}/suspended}, by key, Cockpit), before or after a
 * failed evaluation. The engine asks its command checkers before it changes a
 * definition's state, by id or by key (every version of it), now or at a later date; this
 * one refuses an activation that reaches a held-back version.
 */
@Component
class GatedActivations extends AbstractProcessEnginePlugin {

	@Override
	public void postInit(ProcessEngineConfigurationImpl configuration) {
		// A checker answers about a hundred kinds of commands; this one has a say in two,
		// and lets the others through.
		CommandChecker checker = (CommandChecker) Proxy.newProxyInstance(CommandChecker.class.getClassLoader(),
				new Class<?>[] { CommandChecker.class }, (proxy, method, arguments) -> {
					switch (method.getName()) {
						case "checkUpdateProcessDefinitionSuspensionStateById" -> checkById((String) arguments[0]);
						case "checkUpdateProcessDefinitionSuspensionStateByKey" -> checkByKey((String) arguments[0]);
						case "toString" -> {
							return GatedActivations.class.getSimpleName();
						}
						case "hashCode" -> {
							return System.identityHashCode(proxy);
						}
						case "equals" -> {
							return proxy == arguments[0];
						}
						default -> {
							// Not ours to check.
						}
					}
					return null;
				});
		configuration.getCommandCheckers().add(checker);
	}

	private static void checkById(String processDefinitionId) {
		CommandContext context = activationByAPerson();
		if (context != null) {
			ProcessDefinitionEntity definition = context.getProcessDefinitionManager()
				.findLatestProcessDefinitionById(processDefinitionId);
			if (definition != null && isHeld(context, definition)) {
				refuse(context, definition);
			}
		}
	}

	private static void checkByKey(String key) {
		CommandContext context = activationByAPerson();
		if (context != null) {
			for (var definition : context.getProcessDefinitionManager().findProcessDefinitionsByKey(key)) {
				if (isHeld(context, (ProcessDefinitionEntity) definition)) {
					refuse(context, (ProcessDefinitionEntity) definition);
				}
			}
		}
	}

	/**
	 * The command context of an activation of process definitions by a person who is not
	 * an administrator; {@code null} for anything else (a suspension, the app's own
	 * work).
	 */
	private static CommandContext activationByAPerson() {
		CommandInvocationContext invocation = Context.getCommandInvocationContext();
		if (invocation == null || !(invocation.getCommand() instanceof ActivateProcessDefinitionCmd)) {
			return null;
		}
		CommandContext context = Context.getCommandContext();
		Authentication person = context.getAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return null;
		}
		return context;
	}

	private static boolean isHeld(CommandContext context, ProcessDefinitionEntity definition) {
		if (!definition.isSuspended()) {
			return false;
		}
		DeploymentEntity deployment = context.getDeploymentManager().findDeploymentById(definition.getDeploymentId());
		return deployment != null && GatedVersions.SOURCE.equals(deployment.getSource());
	}

	private static void refuse(CommandContext context, ProcessDefinitionEntity definition) {
		throw new AuthorizationException("User '" + context.getAuthentication().getUserId() + "' may not activate "
				+ definition.getKey() + " version " + definition.getVersion()
				+ ": a gate holds it back until its evaluation passes, which activates it "
				+ "(GET /api/evaluations lists the evaluations). Only members of " + AccessGroups.ADMINISTRATORS
				+ " activate a held-back version by hand.");
	}

}
