package io.bpmnagents.process;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.impl.AbstractQuery;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * The names of the variables an engine command would set or remove, whatever the command:
 * a start, a modification, a task's completion or form, a message, a signal, a condition,
 * a variable write or removal, a batch. Every route (REST, the webapps, Java) ends in
 * such a command, and each keeps the variables it was given in its own fields, or in
 * those of the builder or instructions it holds; so the command's fields are read, down
 * to its builders and instructions, instead of a list of command classes that a new
 * Camunda version could outgrow. Queries set nothing and are not read; a message's
 * correlation variables only select, and are not counted.
 */
final class CommandVariables {

	private static final String ENGINE = "org.camunda.bpm.engine.impl.";

	/** Engine parts a command may point to that hold no variables it was given. */
	private static final List<String> NOT_GIVEN = List.of(ENGINE + "interceptor.", ENGINE + "cfg.", ENGINE + "context.",
			ENGINE + "db.", ENGINE + "persistence.", ENGINE + "pvm.", ENGINE + "el.", ENGINE + "jobexecutor.",
			ENGINE + "bpmn.", ENGINE + "core.model.");

	private static final int DEPTH = 5;

	private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
		@Override
		protected List<Field> computeValue(Class<?> type) {
			List<Field> fields = new ArrayList<>();
			for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Field field : c.getDeclaredFields()) {
					if (!Modifier.isStatic(field.getModifiers()) && readable(field)) {
						fields.add(field);
					}
				}
			}
			return List.copyOf(fields);
		}
	};

	private CommandVariables() {
	}

	/**
	 * The variables {@code command} sets, by name, with the values it was given; a
	 * variable it removes, with {@code null}.
	 */
	static Map<String, Object> of(Object command) {
		if (command instanceof AbstractQuery<?, ?>) {
			return Map.of();
		}
		Map<String, Object> names = new LinkedHashMap<>();
		collect(command, 0, names, Collections.newSetFromMap(new IdentityHashMap<>()));
		return names;
	}

	private static void collect(Object value, int depth, Map<String, Object> names, Set<Object> seen) {
		if (value == null || depth > DEPTH || !seen.add(value)) {
			return;
		}
		if (value instanceof Map<?, ?> variables) {
			if (variables instanceof VariableMap typed) {
				// the values as given: an object value stays serialized
				typed.keySet().forEach((name) -> names.putIfAbsent(name, typed.getValueTyped(name)));
			}
			else {
				variables.forEach((name, given) -> names.putIfAbsent(String.valueOf(name), given));
			}
			return;
		}
		if (value instanceof Collection<?> elements) {
			elements.forEach((element) -> collect(element, depth + 1, names, seen));
			return;
		}
		if (!carriesVariables(value.getClass())) {
			return;
		}
		boolean removes = value.getClass().getSimpleName().startsWith("Remove")
				|| value.getClass().getSimpleName().startsWith("Patch");
		for (Field field : FIELDS.get(value.getClass())) {
			if (field.getName().startsWith("correlation")) {
				continue;
			}
			Object held = read(field, value);
			if (removes && held instanceof Collection<?> removed
					&& (field.getName().equals("variableNames") || field.getName().equals("deletions"))) {
				removed.forEach((name) -> names.putIfAbsent(String.valueOf(name), null));
			}
			else {
				collect(held, depth + 1, names, seen);
			}
		}
	}

	/**
	 * A command, builder or instruction of the engine, which may hold given variables.
	 */
	private static boolean carriesVariables(Class<?> type) {
		String name = type.getName();
		return name.startsWith(ENGINE) && NOT_GIVEN.stream().noneMatch(name::startsWith);
	}

	private static boolean readable(Field field) {
		try {
			field.setAccessible(true);
			return true;
		}
		catch (InaccessibleObjectException | SecurityException ex) {
			return false;
		}
	}

	private static Object read(Field field, Object owner) {
		try {
			return field.get(owner);
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

}
