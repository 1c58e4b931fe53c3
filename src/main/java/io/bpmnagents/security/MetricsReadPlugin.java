package io.bpmnagents.security;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.SystemPermissions;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.GetUniqueTaskWorkerCountCmd;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.metrics.MetricsQueryImpl;
import org.camunda.bpm.engine.impl.persistence.entity.AuthorizationManager;

import org.springframework.stereotype.Component;

/**
 * The engine's metrics (activity instances, executed jobs, decisions, task workers: how
 * much the business does and when) are read only with {@code READ} on Camunda's
 * {@code SYSTEM} resource: administrators and operators. Camunda 7.24 checks only their
 * deletion, so anybody logged in could sum them. Checked in the engine, so it holds for
 * {@code /engine-rest/metrics}, the webapps' {@code /camunda/api/engine/.../metrics} and
 * Java alike; a refusal is an {@code AuthorizationException}, answered {@code 403}.
 */
@Component
class MetricsReadPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.INSIDE_CONTEXT,
				MetricsReadInterceptor::new);
	}

	/** Runs inside the command's context, where the caller's authentication is known. */
	static final class MetricsReadInterceptor extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			if (readsMetrics(command)) {
				CommandContext context = Context.getCommandContext();
				AuthorizationManager authorizations = context.getAuthorizationManager();
				Authentication person = context.getAuthentication();
				if (context.isAuthorizationCheckEnabled() && person != null && person.getUserId() != null
						&& !authorizations.isCamundaAdmin(person)) {
					authorizations.checkAuthorization(SystemPermissions.READ, Resources.SYSTEM);
				}
			}
			return this.next.execute(command);
		}

		private static boolean readsMetrics(Command<?> command) {
			// A metrics query runs itself as the command, or as its own (protected)
			// command classes.
			return command instanceof MetricsQueryImpl
					|| command.getClass().getEnclosingClass() == MetricsQueryImpl.class
					|| command instanceof GetUniqueTaskWorkerCountCmd;
		}

	}

}
