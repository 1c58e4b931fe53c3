package io.bpmnagents.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.contract.InvalidInputException;

/**
 * A run's budget may be given as one object, {@code "budget": {"maxCalls": 20,
 * "maxTokens": 50000, "maxCost": 0.5}}, or as the three inputs themselves; the contract
 * (the start form) declares and checks the three.
 */
final class BudgetInput {

	static final String BUDGET = "budget";

	private static final List<String> LIMITS = List.of(RunBudget.MAX_CALLS, RunBudget.MAX_TOKENS, RunBudget.MAX_COST);

	private BudgetInput() {
	}

	/**
	 * The input with a {@code budget} object replaced by its limits.
	 * @throws InvalidInputException when {@code budget} is no object, names another
	 * field, or repeats a limit also given on its own
	 */
	static Map<String, Object> flatten(Map<String, Object> input) {
		if (input == null || !input.containsKey(BUDGET)) {
			return input;
		}
		if (!(input.get(BUDGET) instanceof Map<?, ?> budget)) {
			throw new InvalidInputException(BUDGET,
					"Input field 'budget' must be an object such as {\"maxCalls\": 20, \"maxTokens\": 50000, "
							+ "\"maxCost\": 0.5}.");
		}
		Map<String, Object> flat = new LinkedHashMap<>(input);
		flat.remove(BUDGET);
		budget.forEach((key, value) -> {
			String name = String.valueOf(key);
			if (!LIMITS.contains(name)) {
				throw new InvalidInputException(BUDGET,
						"Unknown field 'budget." + name + "': a budget has " + String.join(", ", LIMITS) + ".");
			}
			if (flat.containsKey(name)) {
				throw new InvalidInputException(name,
						"Input field '" + name + "' is given twice: on its own and in 'budget'.");
			}
			flat.put(name, value);
		});
		return flat;
	}

}
