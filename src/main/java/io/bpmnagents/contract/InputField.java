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
 * @param entries what the entries of a text of {@code name=handler} entries name (form
 * custom property {@code entries}, see {@link NamedEntries}), or {@code null}
 * @param entryOf the input whose entry names this input's value must be one of (form
 * custom property {@code entryOf}), or {@code null}
 */
public record InputField(String name, String label, InputType type, boolean required, Object defaultValue, Double min,
		Double max, boolean whole, List<String> values, List<String> alsoAllowed, String entries, String entryOf) {

	public InputField {
		values = List.copyOf(values);
		alsoAllowed = List.copyOf(alsoAllowed);
	}

	public InputField(String name, String label, InputType type, boolean required, Object defaultValue, Double min,
			Double max, boolean whole, List<String> values, List<String> alsoAllowed) {
		this(name, label, type, required, defaultValue, min, max, whole, values, alsoAllowed, null, null);
	}

}
