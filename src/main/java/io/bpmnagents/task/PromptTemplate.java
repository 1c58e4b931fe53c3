package io.bpmnagents.task;

import java.util.Collection;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Fills {@code ${name}} placeholders with process variable values by plain text
 * substitution, in one pass: the template is written by the process modeler, the values
 * may be user text, and neither is ever given to an expression language. A value that
 * itself holds {@code ${...}} or {@code #{...}} is inserted as it is.
 * <p>
 * {@code ${a|b}} takes {@code a}, or {@code b} when {@code a} is not set, e.g.
 * {@code ${result|task}} for "the previous stage's output, or the task for the first
 * stage". Texts are inserted as they are; lists and maps as indented JSON.
 * {@code ${name:format}} inserts the value in a format (see {@link Prompts}), e.g.
 * {@code ${agents:roles}}.
 */
final class PromptTemplate {

	/** A variable, entries of maps after dots, and a format after a colon. */
	static final String NAME = "[A-Za-z_][A-Za-z0-9_.]*(?::[A-Za-z0-9]+)?";

	private static final Pattern PLACEHOLDER = Pattern
		.compile("\\$\\{\\s*(" + NAME + "(?:\\s*\\|\\s*" + NAME + ")*)\\s*}");

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private PromptTemplate() {
	}

	/**
	 * @param template the template text
	 * @param variables looks up a variable, returning {@code null} when it is not set
	 * @throws MissingVariableException when no alternative of a placeholder is set
	 */
	static String render(String template, Function<String, Object> variables) {
		return render(template, variables, (format, value) -> {
			throw new IllegalArgumentException("Unknown format ':" + format + "' in the template: " + template);
		});
	}

	/**
	 * As {@link #render(String, Function)}; {@code ${name:format}} inserts what
	 * {@code formats} makes of the value for that format.
	 */
	static String render(String template, Function<String, Object> variables,
			BiFunction<String, Object, Object> formats) {
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder out = new StringBuilder(template.length());
		while (matcher.find()) {
			Object value = null;
			String names = matcher.group(1);
			for (String name : names.split("\\|")) {
				String[] parts = name.strip().split(":", 2);
				value = lookup(parts[0], variables);
				if (value != null && parts.length > 1) {
					value = formats.apply(parts[1], value);
				}
				if (value != null) {
					break;
				}
			}
			if (value == null) {
				throw new MissingVariableException(names.replaceAll("\\s", ""), template);
			}
			matcher.appendReplacement(out, Matcher.quoteReplacement(text(value)));
		}
		matcher.appendTail(out);
		return out.toString();
	}

	/**
	 * {@code a.b.c}: the variable {@code a}, then the entries {@code b} and {@code c} of
	 * maps.
	 */
	private static Object lookup(String path, Function<String, Object> variables) {
		String[] parts = path.split("\\.");
		Object value = variables.apply(parts[0]);
		for (int i = 1; i < parts.length && value != null; i++) {
			value = (value instanceof Map<?, ?> map) ? map.get(parts[i]) : null;
		}
		return value;
	}

	static String text(Object value) {
		if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
			try {
				return JSON.writeValueAsString(value);
			}
			catch (JsonProcessingException ex) {
				throw new IllegalStateException("Variable could not be written as JSON", ex);
			}
		}
		return String.valueOf(value);
	}

	/** A placeholder whose variable is not set in the process. */
	static class MissingVariableException extends IllegalArgumentException {

		MissingVariableException(String names, String template) {
			super("The prompt template needs the process variable '" + names + "', which is not set. Template: "
					+ ((template.length() > 200) ? template.substring(0, 200) + "…" : template));
		}

	}

}
