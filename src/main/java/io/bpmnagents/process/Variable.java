package io.bpmnagents.process;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A process variable with a name and a Java type, so each process declares its variables
 * in one place. Lists, maps and texts longer than Camunda's String variables (4,000
 * characters) are stored as JSON object values, kept whole in the byte-array table and
 * still shown in Cockpit; shorter texts are String variables, shown inline. Short control
 * values (counters, flags, statuses) stay primitive so gateways can test them.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Variable<T> {

	private final String name;

	private final Class<?> type;

	private final boolean json;

	/** A text of any length (a task, an answer, a judgment). */
	public static Variable<String> text(String name) {
		return new Variable<>(name, String.class, true);
	}

	/** A short word a gateway tests, such as a status; at most 4,000 characters. */
	public static Variable<String> word(String name) {
		return new Variable<>(name, String.class, false);
	}

	public static Variable<Integer> integer(String name) {
		return new Variable<>(name, Integer.class, false);
	}

	public static Variable<Boolean> flag(String name) {
		return new Variable<>(name, Boolean.class, false);
	}

	/**
	 * A list of names, e.g. the agents of a run; usable as a multi-instance collection.
	 */
	public static Variable<List<String>> names(String name) {
		return new Variable<>(name, List.class, true);
	}

	/** Texts by key, e.g. the contribution of each agent. */
	public static Variable<Map<String, String>> textMap(String name) {
		return new Variable<>(name, Map.class, true);
	}

	/** A list of records, e.g. the notes of a shared workspace. */
	public static Variable<List<Map<String, Object>>> records(String name) {
		return new Variable<>(name, List.class, true);
	}

	public String name() {
		return this.name;
	}

	/**
	 * The value as the engine should store it. A text short enough for Camunda's string
	 * column is a String variable, which Cockpit's Variables tab shows inline; a longer
	 * one a JSON value, kept whole in the byte-array table.
	 */
	public TypedValue typed(T value) {
		if (!this.json) {
			return Variables.untypedValue(value);
		}
		if (value instanceof String text && text.length() <= LongTextSerializer.TEXT_COLUMN) {
			return Variables.stringValue(text);
		}
		Object copy = value;
		if (value instanceof List<?> list) {
			copy = new ArrayList<>(list);
		}
		else if (value instanceof Map<?, ?> map) {
			copy = new LinkedHashMap<>(map);
		}
		return Variables.objectValue(copy).serializationDataFormat(Variables.SerializationDataFormats.JSON).create();
	}

	/** Reads this variable from a map of variable values; {@code null} when absent. */
	@SuppressWarnings("unchecked")
	public T from(Map<String, Object> variables) {
		Object value = variables.get(this.name);
		if (value == null) {
			return null;
		}
		if (this.type == Integer.class && value instanceof Number number) {
			return (T) Integer.valueOf(number.intValue());
		}
		if (!this.type.isInstance(value)) {
			throw new IllegalStateException("Variable '" + this.name + "' holds a " + value.getClass().getSimpleName()
					+ ", expected " + this.type.getSimpleName());
		}
		return (T) value;
	}

}
