package io.bpmnagents.security;

import io.bpmnagents.engine.EngineHooks;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.camunda.bpm.engine.impl.persistence.entity.FilterEntity;
import org.camunda.bpm.engine.impl.persistence.entity.FilterManager;

import org.springframework.stereotype.Component;

/**
 * Applies {@link OrQueryExpressions} inside the engine, where every route to a task query
 * ends, whatever the endpoint or encoding of the request:
 * <ul>
 * <li>a task query run directly (REST {@code /task}, {@code /task/count}, the webapps'
 * engine API, Java) passes the command interceptor as the command itself;</li>
 * <li>a filter is checked when it is saved, and a filter loaded to run carries the check
 * into its query, which also covers the query a request extends it with.</li>
 * </ul>
 * Refusals are {@code BadUserRequestException}s, which Camunda's REST API answers with
 * {@code 400}.
 */
@Component
class OrQueryExpressionsPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		EngineHooks.addCommandInterceptor(configuration, EngineHooks.Interceptor.BEFORE_CONTEXT,
				TaskQueryInterceptor::new);
		EngineHooks.addSession(configuration, FilterManager.class, GuardedFilterManager::new);
	}

	/** Checks a task query run as a command before it is validated or evaluated. */
	static final class TaskQueryInterceptor extends CommandInterceptor {

		@Override
		public <T> T execute(Command<T> command) {
			if (command instanceof TaskQueryImpl query) {
				OrQueryExpressions.check(query, false);
			}
			return this.next.execute(command);
		}

	}

	/** The engine's filter manager, with the check on the way in and on the way out. */
	static final class GuardedFilterManager extends FilterManager {

		@Override
		public Filter insertOrUpdateFilter(Filter filter) {
			OrQueryExpressions.check(filter.getQuery(), true);
			return super.insertOrUpdateFilter(filter);
		}

		@Override
		public FilterEntity findFilterById(String filterId) {
			FilterEntity filter = super.findFilterById(filterId);
			if (filter != null && filter.getQuery() instanceof AbstractQuery<?, ?> query) {
				// Validators travel into a query that extends this one (filter.extend).
				query.addValidator(OrQueryExpressions.STORED);
			}
			return filter;
		}

	}

}
