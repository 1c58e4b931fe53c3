package io.bpmnagents.contract;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Checks a run's input against a {@link ProcessContract}: each declared input is read by
 * its type, completed with its default, and refused with a message naming the field when
 * it is wrong. The same check runs for {@code /api/runs} and, inside the engine, for
 * every other way a process starts (Tasklist's start form, {@code /engine-rest}, a call
 * activity).
 */
public final class InputCheck {

	/** The longest text a textfield may hold: a Camunda String variable. */
	static final int MAX_SHORT_TEXT = 4000;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final AgentRegistry agents;

	private final int maxLoop;

	private final Predicate<String> knownPerson;

	public InputCheck(AgentRegistry agents, int maxLoop) {
		this(agents, maxLoop, (name) -> true);
	}

	/**
	 * @param knownPerson whether a name is a user or group, for inputs of type
	 * {@link InputType#PERSON}
	 */
	public InputCheck(AgentRegistry agents, int maxLoop, Predicate<String> knownPerson) {
		this.agents = agents;
		this.maxLoop = maxLoop;
		this.knownPerson = knownPerson;
	}

	/**
	 * The typed value of each declared input that has a value, given or default, in
	 * declaration order.
	 * @throws InvalidInputException naming the first field that is wrong
	 */
	public Map<String, TypedValue> check(ProcessContract contract, Map<String, Object> given) {
		Map<String, TypedValue> checked = new LinkedHashMap<>();
		for (InputField field : contract.inputs()) {
			Object value = given.get(field.name());
			if (isAbsent(value)) {
				if (field.required()) {
					throw new InvalidInputException(field.name(), "Input field '" + field.name() + "' is required"
							+ (blank(value) ? " and must not be blank." : "."));
				}
				value = field.defaultValue();
				if (value == null) {
					continue;
				}
			}
			checked.put(field.name(), typed(field, value));
		}
		new ApprovalNeedsAResult(contract).check(given, checked);
		new NamedEntries(contract, this.agents).check(checked);
		return checked;
	}

	/**
	 * Refuses fields that neither the contract nor the processes it hands input to name.
	 */
	public static void onlyFields(Set<String> accepted, Set<String> given) {
		Set<String> unknown = new TreeSet<>(given);
		unknown.removeAll(accepted);
		if (!unknown.isEmpty()) {
			String field = unknown.iterator().next();
			throw new InvalidInputException(field, "Unknown input field '" + field + "'. Accepted fields: "
					+ String.join(", ", new TreeSet<>(accepted)) + ".");
		}
	}

	/** A form leaves a field it did not fill empty; that means "not given". */
	private static boolean isAbsent(Object value) {
		return value == null || blank(value);
	}

	private static boolean blank(Object value) {
		return value instanceof String text && text.isBlank();
	}

	private TypedValue typed(InputField field, Object value) {
		String name = field.name();
		return switch (field.type()) {
			case TEXT -> Variables.stringValue(shortText(field, value));
			case LONG_TEXT -> Variable.text(name).typed(text(field, value));
			case DURATION -> Variables.stringValue(duration(field, shortText(field, value)));
			case PERSON -> Variables.stringValue(person(field, shortText(field, value)));
			case CHOICE -> Variables.stringValue(choice(field, shortText(field, value)));
			case AGENT -> Variables.stringValue(agent(field, shortText(field, value)));
			case FLAG -> Variables.booleanValue(flag(field, value));
			case NUMBER, LOOP_COUNT -> number(field, value);
			case AGENTS -> Variable.names(name).typed(agents(field, value));
			case CHOICES -> Variable.names(name).typed(choices(field, value));
		};
	}

	private static String text(InputField field, Object value) {
		if (!(value instanceof String text)) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must be a string, not " + describe(value) + ".");
		}
		return text;
	}

	private static String shortText(InputField field, Object value) {
		String text = text(field, value);
		if (text.length() > MAX_SHORT_TEXT) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' holds at most " + MAX_SHORT_TEXT + " characters, was "
							+ text.length() + ". (A process takes long texts in a textarea field of its form.)");
		}
		return text;
	}

	private static String choice(InputField field, String value) {
		if (!field.values().isEmpty() && !field.values().contains(value)) {
			throw new InvalidInputException(field.name(), "Input field '" + field.name() + "' must be one of "
					+ String.join(", ", field.values()) + ", not '" + value + "'.");
		}
		return value;
	}

	/**
	 * A positive duration in the form both {@link java.time.Duration} and the engine's
	 * timers read: days, hours, minutes, seconds ({@code P1D}, {@code PT1H30M}). Months
	 * and years have no fixed length and are refused.
	 */
	private static String duration(InputField field, String value) {
		java.time.Duration duration;
		try {
			duration = java.time.Duration.parse(value.strip());
		}
		catch (java.time.format.DateTimeParseException ex) {
			throw new InvalidInputException(field.name(), "Input field '" + field.name()
					+ "' must be an ISO-8601 duration such as PT10M (ten minutes), PT2H or P1D, not '" + value + "'.");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must be a positive duration, not '" + value + "'.");
		}
		return value.strip();
	}

	private String person(InputField field, String name) {
		if (!this.knownPerson.test(name.strip())) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' names '" + name
							+ "', which is neither a user nor a group. Name a user id or group id (an administrator "
							+ "manages them in the Admin webapp).");
		}
		return name.strip();
	}

	private static boolean flag(InputField field, Object value) {
		if (!(value instanceof Boolean flag)) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must be true or false, not " + describe(value) + ".");
		}
		return flag;
	}

	private TypedValue number(InputField field, Object value) {
		String name = field.name();
		if (!(value instanceof Number number)) {
			throw new InvalidInputException(name, "Input field '" + name + "' must be "
					+ (field.whole() ? "a whole number" : "a number") + ", not " + describe(value) + ".");
		}
		boolean integral = value instanceof Integer || value instanceof Long || value instanceof Short
				|| (value instanceof Double d && d == Math.rint(d) && !d.isInfinite());
		if (field.whole() && !integral) {
			throw new InvalidInputException(name,
					"Input field '" + name + "' must be a whole number, not " + describe(value) + ".");
		}
		Double min = field.min();
		Double max = field.max();
		String cap = "";
		if (field.type() == InputType.LOOP_COUNT) {
			min = (min != null) ? Math.max(min, 1) : 1;
			if (max == null || max > this.maxLoop) {
				max = (double) this.maxLoop;
				cap = " (bpmn-agents.runs.max-loop-count)";
			}
		}
		double given = number.doubleValue();
		if ((min != null && given < min) || (max != null && given > max)) {
			throw new InvalidInputException(name, "Input field '" + name + "' must be " + range(min, max, field.whole())
					+ cap + ", was " + plain(given, field.whole()) + ".");
		}
		if (!field.whole()) {
			return Variables.doubleValue(given);
		}
		long whole = number.longValue();
		return (whole == (int) whole) ? Variables.integerValue((int) whole) : Variables.longValue(whole);
	}

	private static String range(Double min, Double max, boolean whole) {
		if (min != null && max != null) {
			return "between " + plain(min, whole) + " and " + plain(max, whole);
		}
		return (min != null) ? "at least " + plain(min, whole) : "at most " + plain(max, whole);
	}

	private static String plain(double number, boolean whole) {
		return (whole || number == Math.rint(number)) ? String.valueOf((long) number) : String.valueOf(number);
	}

	private String agent(InputField field, String name) {
		if (!field.alsoAllowed().contains(name)) {
			requireKnown(field, name);
		}
		return name;
	}

	private List<String> agents(InputField field, Object value) {
		List<String> names = names(field, value, "a list of agent names, e.g. [\"researcher\", \"writer\"]");
		if (names.isEmpty()) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must name at least one agent.");
		}
		names.forEach((name) -> requireKnown(field, name));
		return names;
	}

	private static List<String> choices(InputField field, Object value) {
		List<String> names = names(field, value, "a list of values");
		names.forEach((name) -> choice(field, name));
		return names;
	}

	private static List<String> names(InputField field, Object value, String expected) {
		Object list = fromJson(value);
		if (!(list instanceof List<?> items)) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must be " + expected + ", not " + describe(value) + ".");
		}
		List<String> names = new ArrayList<>();
		for (Object item : items) {
			if (!(item instanceof String name) || name.isBlank()) {
				throw new InvalidInputException(field.name(),
						"Input field '" + field.name() + "' must hold names (strings), found " + describe(item) + ".");
			}
			names.add(name);
		}
		return names;
	}

	/**
	 * Tasklist sends a taglist as a JSON variable; the engine hands it over as a Spin
	 * node, whose text is the list.
	 */
	private static Object fromJson(Object value) {
		if (value == null || value instanceof List<?> || value instanceof String || value instanceof Number
				|| value instanceof Boolean || value instanceof Map<?, ?>) {
			return value;
		}
		try {
			return JSON.readValue(value.toString(), Object.class);
		}
		catch (IOException ex) {
			return value;
		}
	}

	private void requireKnown(InputField field, String name) {
		if (this.agents.find(name).isEmpty()) {
			List<String> known = new ArrayList<>(this.agents.all().stream().map(AgentDefinition::name).toList());
			known.addAll(field.alsoAllowed());
			throw new InvalidInputException(field.name(), "Unknown agent '" + name + "' in '" + field.name()
					+ "'. Known agents: " + String.join(", ", known) + ".");
		}
	}

	static String describe(Object value) {
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
		if (value instanceof String) {
			return "the string \""
					+ ((value.toString().length() > 80) ? value.toString().substring(0, 80) + "…" : value) + "\"";
		}
		return "a " + value.getClass().getSimpleName();
	}

}
