package io.bpmnagents.contract;

/**
 * The kinds of input a process declares, each read from one Camunda Form component: the
 * form's component type, refined by the custom property {@code type} for agents and loop
 * counts.
 */
public enum InputType {

	/** A textfield: one line, at most 4,000 characters, kept as a plain String. */
	TEXT("a string"),

	/** A textarea: a text of any length, kept whole as a JSON value. */
	LONG_TEXT("a string"),

	/** A number field, whole when the form allows no decimal digits. */
	NUMBER("a number"),

	/**
	 * A number field marked {@code type: loop-count}: 1 …
	 * bpmn-agents.runs.max-loop-count.
	 */
	LOOP_COUNT("a whole number"),

	/**
	 * A textfield marked {@code type: duration}: a positive ISO-8601 duration such as
	 * {@code PT10M}, kept as a String a BPMN timer reads.
	 */
	DURATION("an ISO-8601 duration such as PT10M"),

	/**
	 * A textfield marked {@code type: person}: the id of a Camunda user or group, such as
	 * the one a deadline escalates to.
	 */
	PERSON("a user id or group id"),

	/** A checkbox. */
	FLAG("true or false"),

	/** One of the form's listed values (a select or radio group). */
	CHOICE("one of the listed values"),

	/** An agent of the registry (a select or textfield marked {@code type: agent}). */
	AGENT("an agent name"),

	/** A list of agents of the registry (a taglist marked {@code type: agents}). */
	AGENTS("a list of agent names"),

	/** A list of the form's listed values (a taglist or checklist). */
	CHOICES("a list of values");

	private final String expected;

	InputType(String expected) {
		this.expected = expected;
	}

	/** How a person would name a valid value, for messages. */
	public String expected() {
		return this.expected;
	}

}
