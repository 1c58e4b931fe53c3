package io.bpmnagents.engine;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A field of the same name on some of Camunda's commands, read by name: the commands keep
 * their arguments (the task's id, the variables given) in protected fields with no
 * getter, and an interceptor that checks a command reads them. Each field is looked up
 * when the constant is made, that is when the engine's plugins add their interceptors:
 * one that is gone (a changed Camunda version) stops the engine from starting, naming the
 * command, the field and what could not be kept, rather than letting a check pass
 * unnoticed.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class CommandFields {

	/** By command class, in the order given: the first the command is one of is read. */
	private final Map<Class<?>, Field> fields;

	/**
	 * The field {@code name} of each of {@code commands}, declared by the class or one it
	 * extends.
	 * @param without what could not be kept without the field, for the message when one
	 * is gone
	 * @throws IllegalStateException when a command has no such field
	 */
	public static CommandFields named(String name, String without, Class<?>... commands) {
		Map<Class<?>, Field> fields = new LinkedHashMap<>();
		for (Class<?> command : commands) {
			fields.put(command, field(command, name, without));
		}
		return new CommandFields(fields);
	}

	/**
	 * The field's value in {@code command}.
	 * @throws IllegalArgumentException when the command is none of those named
	 */
	@SuppressWarnings("unchecked")
	public <V> V of(Object command) {
		for (Map.Entry<Class<?>, Field> field : this.fields.entrySet()) {
			if (field.getKey().isInstance(command)) {
				try {
					return (V) field.getValue().get(command);
				}
				catch (IllegalAccessException ex) {
					// made accessible when found
					throw new IllegalStateException(ex);
				}
			}
		}
		throw new IllegalArgumentException(command.getClass().getName() + " is none of " + this.fields.keySet());
	}

	private static Field field(Class<?> command, String name, String without) {
		for (Class<?> type = command; type != null; type = type.getSuperclass()) {
			try {
				Field field = type.getDeclaredField(name);
				field.setAccessible(true);
				return field;
			}
			catch (NoSuchFieldException ex) {
				// declared further up, if at all
			}
			catch (RuntimeException ex) {
				throw gone(command, name, without, ex);
			}
		}
		throw gone(command, name, without, null);
	}

	private static IllegalStateException gone(Class<?> command, String name, String without, Exception cause) {
		return new IllegalStateException("Camunda's " + command.getSimpleName() + " has no readable field '" + name
				+ "' (a changed Camunda version?): " + without, cause);
	}

}
