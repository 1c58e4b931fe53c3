package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.bpmnagents.agent.AgentRegistry;

/**
 * A run's input as sent, with typed readers that reject wrong values with a message
 * naming the field. Unknown fields are refused too: a misspelt {@code maxRound} should
 * not silently fall back to a default.
 */
public final class RunInput {

	private final Map<String, Object> values;

	private final AgentRegistry agents;

	private final int maxLoop;

	RunInput(Map<String, Object> values, AgentRegistry agents, int maxLoop) {
		this.values = (values != null) ? values : Map.of();
		this.agents = agents;
		this.maxLoop = maxLoop;
	}

	/**
	 * The same input less one field, for a contract that hands the rest to another
	 * contract.
	 */
	public RunInput without(String field) {
		Map<String, Object> rest = new java.util.LinkedHashMap<>(this.values);
		rest.remove(field);
		return new RunInput(rest, this.agents, this.maxLoop);
	}

	/** Refuses fields the contract does not name. */
	public void onlyFields(Set<String> accepted) {
		Set<String> unknown = new TreeSet<>(this.values.keySet());
		unknown.removeAll(accepted);
		if (!unknown.isEmpty()) {
			String field = unknown.iterator().next();
			throw new InvalidInputException(field, "Unknown input field '" + field + "'. Accepted fields: "
					+ String.join(", ", new TreeSet<>(accepted)) + ".");
		}
	}

	/** A required, non-blank text. */
	public String text(String field) {
		Object value = this.values.get(field);
		if (value == null) {
			throw new InvalidInputException(field, "Input field '" + field + "' is required.");
		}
		if (!(value instanceof String text)) {
			throw new InvalidInputException(field,
					"Input field '" + field + "' must be a string, not " + describe(value) + ".");
		}
		if (text.isBlank()) {
			throw new InvalidInputException(field, "Input field '" + field + "' must not be blank.");
		}
		return text;
	}

	/** An optional text, {@code fallback} when absent. */
	public String text(String field, String fallback) {
		return this.values.containsKey(field) ? text(field) : fallback;
	}

	/** An optional whole number between 1 and the configured cap. */
	public int loopCount(String field, int fallback) {
		Object value = this.values.get(field);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Integer || value instanceof Long)) {
			throw new InvalidInputException(field,
					"Input field '" + field + "' must be a whole number, not " + describe(value) + ".");
		}
		long number = ((Number) value).longValue();
		if (number < 1 || number > this.maxLoop) {
			throw new InvalidInputException(field, "Input field '" + field + "' must be between 1 and " + this.maxLoop
					+ " (bpmn-agents.runs.max-loop-count), was " + number + ".");
		}
		return (int) number;
	}

	/** An optional true or false. */
	public boolean flag(String field, boolean fallback) {
		Object value = this.values.get(field);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof Boolean flag)) {
			throw new InvalidInputException(field,
					"Input field '" + field + "' must be true or false, not " + describe(value) + ".");
		}
		return flag;
	}

	/** An optional agent name, checked against the registry. */
	public String agent(String field, String fallback) {
		String name = text(field, fallback);
		requireKnown(field, name);
		return name;
	}

	/** An optional non-empty list of agent names, each checked against the registry. */
	public List<String> agents(String field, List<String> fallback) {
		Object value = this.values.get(field);
		if (value == null) {
			return fallback;
		}
		if (!(value instanceof List<?> list)) {
			throw new InvalidInputException(field,
					"Input field '" + field + "' must be a list of agent names, e.g. [\"researcher\", \"writer\"], not "
							+ describe(value) + ".");
		}
		if (list.isEmpty()) {
			throw new InvalidInputException(field, "Input field '" + field + "' must name at least one agent.");
		}
		List<String> names = new ArrayList<>();
		for (Object item : list) {
			if (!(item instanceof String name) || name.isBlank()) {
				throw new InvalidInputException(field,
						"Input field '" + field + "' must hold agent names (strings), found " + describe(item) + ".");
			}
			requireKnown(field, name);
			names.add(name);
		}
		return names;
	}

	private void requireKnown(String field, String name) {
		if (this.agents.find(name).isEmpty()) {
			List<String> known = this.agents.all().stream().map((agent) -> agent.name()).toList();
			throw new InvalidInputException(field,
					"Unknown agent '" + name + "' in '" + field + "'. Known agents: " + String.join(", ", known) + ".");
		}
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof List<?>) {
			return "a list";
		}
		if (value instanceof Map<?, ?>) {
			return "an object";
		}
		if (value instanceof Number) {
			return "the number " + value;
		}
		if (value instanceof Boolean) {
			return "the boolean " + value;
		}
		return "the string \"" + value + "\"";
	}

}
