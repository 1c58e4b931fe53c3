package io.bpmnagents.approval;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.bpmnagents.quota.QuotaLedger;
import io.bpmnagents.quota.QuotaRequests;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.variable.type.ValueType;

/**
 * An administrator decides a request to allow more of a spent quota
 * ({@value QuotaRequests#PROCESS_KEY}): a completion carries {@code decision}
 * ({@code allow} or {@code refuse}), the amounts allowed on top for the current window
 * ({@code moreCalls}, {@code moreTokens}, {@code moreCost} in USD) and {@code reason}
 * only — administrators included, as they are the ones deciding — and the decision is
 * recorded with the request when the task completes ({@link QuotaRequests#decide}).
 */
final class QuotaDecision {

	static final String TASK = "UserTask_AllowMore";

	static final String DECISION_VARIABLE = "decision";

	static final String MORE_CALLS = "moreCalls";

	static final String MORE_TOKENS = "moreTokens";

	static final String MORE_COST = "moreCost";

	static final String REASON = "reason";

	static final Set<String> DECISION = Set.of(DECISION_VARIABLE, MORE_CALLS, MORE_TOKENS, MORE_COST, REASON);

	private QuotaDecision() {
	}

	/**
	 * Checks a completion's variables: the decision fields only; {@code decision}
	 * {@code allow} or {@code refuse}; amounts that are whole numbers of calls and tokens
	 * and a cost, none negative; an allowance that adds to a limit the quota has.
	 * @param limits the quota's limits ({@code calls,tokens,cost}), to say what helps
	 * @param asFormError whether a wrong value is answered as a form field error (400)
	 */
	static void checkDecision(String taskId, String user, Map<String, Object> variables, String limits,
			boolean asFormError) {
		Map<String, Object> given = (variables != null) ? variables : Map.of();
		DecisionOnlyCommands.onlyFields(given, DECISION, user, "quota request task '" + taskId + "'",
				String.join(", ", new TreeSet<>(DECISION)) + " only.");
		Object choice = ToolApproval.plain(given.get(DECISION_VARIABLE));
		if (!QuotaRequests.ALLOW.equals(choice) && !QuotaRequests.REFUSE.equals(choice)) {
			throw DecisionOnlyCommands.invalid(asFormError, DECISION_VARIABLE,
					"'decision' must be 'allow' (the amounts in moreCalls, moreTokens or moreCost are added to the "
							+ "quota for its current window) or 'refuse' (the waiting runs end on QUOTA_EXHAUSTED).");
		}
		QuotaLedger.Use more = amounts(given::get, asFormError);
		if (!DecisionOnlyCommands.holds(given.get(REASON), ValueType.STRING, String.class)) {
			throw DecisionOnlyCommands.invalid(asFormError, REASON, "'reason' must be a String.");
		}
		DecisionOnlyCommands.notTooLong(given.get(REASON), REASON, asFormError);
		List<String> limited = (limits != null) ? Arrays.asList(limits.split(",")) : List.of();
		boolean helps = (limited.contains("calls") && more.calls() > 0)
				|| (limited.contains("tokens") && more.tokens() > 0)
				|| (limited.contains("cost") && more.cost().signum() > 0);
		if (QuotaRequests.ALLOW.equals(choice) && !helps) {
			throw DecisionOnlyCommands.invalid(asFormError, firstField(limited),
					"Allowing more needs an amount above 0 for a limit this quota has (" + limits + "): set "
							+ String.join(" or ", limited.stream().map(QuotaDecision::field).toList()) + ".");
		}
	}

	/** The amounts of a completion; absent ones are 0. */
	static QuotaLedger.Use amounts(Function<String, Object> variables, boolean asFormError) {
		return new QuotaLedger.Use(whole(variables.apply(MORE_CALLS), MORE_CALLS, asFormError),
				whole(variables.apply(MORE_TOKENS), MORE_TOKENS, asFormError),
				cost(variables.apply(MORE_COST), asFormError));
	}

	private static long whole(Object given, String field, boolean asFormError) {
		Object value = ToolApproval.plain(given);
		if (value == null || (value instanceof String text && text.isBlank())) {
			return 0;
		}
		BigDecimal number = number(value);
		if (number == null || number.signum() < 0 || number.stripTrailingZeros().scale() > 0
				|| number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
			throw DecisionOnlyCommands.invalid(asFormError, field,
					"'" + field + "' must be a whole number, 0 or more; it was '" + value + "'.");
		}
		return number.longValueExact();
	}

	private static BigDecimal cost(Object given, boolean asFormError) {
		Object value = ToolApproval.plain(given);
		if (value == null || (value instanceof String text && text.isBlank())) {
			return BigDecimal.ZERO;
		}
		BigDecimal number = number(value);
		if (number == null || number.signum() < 0 || number.compareTo(new BigDecimal("1e12")) > 0) {
			throw DecisionOnlyCommands.invalid(asFormError, MORE_COST,
					"'" + MORE_COST + "' must be an amount in USD, 0 or more, such as 2.50; it was '" + value + "'.");
		}
		return number;
	}

	private static BigDecimal number(Object value) {
		try {
			if (value instanceof Number number) {
				return new BigDecimal(number.toString());
			}
			return (value instanceof String text) ? new BigDecimal(text.strip()) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String field(String limit) {
		return switch (limit) {
			case "calls" -> MORE_CALLS;
			case "tokens" -> MORE_TOKENS;
			default -> MORE_COST;
		};
	}

	private static String firstField(List<String> limits) {
		return limits.isEmpty() ? MORE_CALLS : field(limits.get(0));
	}

	/**
	 * A request is the application's: a person (an administrator included) who starts one
	 * by hand, or a process that calls one (a person's model, whatever runs its call
	 * activity), is refused, so no Tasklist task asks for more without a spent quota.
	 */
	static void checkStart(DelegateExecution execution) {
		if (((ExecutionEntity) execution).getSuperExecution() != null) {
			throw new AuthorizationException("A process may not start '" + QuotaRequests.PROCESS_KEY
					+ "' from a call activity: the application starts it when an agent meets a spent quota "
					+ "with on-exhausted: ask.");
		}
		CommandContext context = Context.getCommandContext();
		Authentication person = (context != null) ? context.getAuthentication() : null;
		if (person != null && person.getUserId() != null) {
			throw new AuthorizationException("User '" + person.getUserId() + "' may not start '"
					+ QuotaRequests.PROCESS_KEY + "': the application starts it when an agent meets a spent quota "
					+ "with on-exhausted: ask.");
		}
	}

	/**
	 * Records the decision with the request, in the completion's transaction; the
	 * engine's own code (no person) is named as the deciding group.
	 */
	static void record(DelegateTask task, QuotaRequests requests, Authentication person, String group) {
		String decider = (person != null && person.getUserId() != null) ? person.getUserId() : group;
		boolean allow = QuotaRequests.ALLOW.equals(task.getVariable(DECISION_VARIABLE));
		Object reason = task.getVariable(REASON);
		requests.decide(String.valueOf(task.getVariable(QuotaRequests.REQUEST_VARIABLE)), decider, allow,
				amounts(task::getVariable, true), (reason instanceof String text && !text.isBlank()) ? text : null);
	}

}
