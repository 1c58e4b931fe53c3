package io.bpmnagents.contract;

import java.util.List;

/**
 * One input a process declares.
 *
 * @param name the variable name (the form component's key)
 * @param label what the form shows
 * @param type what values are accepted
 * @param required whether a run must give it
 * @param defaultValue used when a run does not give it; {@code null} for none
 * @param min the smallest number accepted, or {@code null}
 * @param max the largest number accepted, or {@code null}
 * @param whole whether a number must be whole
 * @param values the listed values of a choice, or the agents offered by the form
 * @param alsoAllowed values accepted besides agents of the registry (e.g. "none")
 */
public record InputField(String name, String label, InputType type, boolean required, Object defaultValue, Double min,
		Double max, boolean whole, List<String> values, List<String> alsoAllowed) {

	public InputField {
		values = List.copyOf(values);
		alsoAllowed = List.copyOf(alsoAllowed);
	}

}
