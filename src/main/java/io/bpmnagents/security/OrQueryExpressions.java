package io.bpmnagents.security;

import java.util.List;

import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.camunda.bpm.engine.impl.Validator;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * The engine's own rule for query expressions, applied to the OR branches of a task query
 * too (CVE-2026-109432). Camunda checks the expressions of the query a user sends
 * ({@code enable-expressions-in-adhoc-queries}) or saves in a filter
 * ({@code enable-expressions-in-stored-queries}), but an {@code orQueries} branch is a
 * query of its own without those checks, and its expressions are evaluated. This refuses
 * any query with an expression in a branch wherever the top level would be refused.
 */
final class OrQueryExpressions {

	static final String MESSAGE = "Expressions inside 'orQueries' are not allowed (CVE-2026-109432). "
			+ "Use plain values in OR queries.";

	/** For queries saved in, or run through, a filter. */
	static final Validator<AbstractQuery<?, ?>> STORED = (query) -> check(query, true);

	private OrQueryExpressions() {
	}

	static void check(Object query, boolean stored) {
		if (!(query instanceof TaskQueryImpl task) || allowed(stored)) {
			return;
		}
		List<TaskQueryImpl> branches = task.getQueries();
		for (TaskQueryImpl branch : branches) {
			if (branch != task && branch.getExpressions() != null && !branch.getExpressions().isEmpty()) {
				throw new BadUserRequestException(MESSAGE);
			}
		}
	}

	private static boolean allowed(boolean stored) {
		ProcessEngineConfigurationImpl configuration = Context.getProcessEngineConfiguration();
		if (configuration == null) {
			return false;
		}
		return stored ? configuration.isEnableExpressionsInStoredQueries()
				: configuration.isEnableExpressionsInAdhocQueries();
	}

}
