package io.bpmnagents.task;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.agent.UnknownAgentException;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Renders the prompt templates that a diagram gives its tasks, with the variables of the
 * task's process and the formats every template may use:
 * <ul>
 * <li>{@code ${agents:roles}}: agent names as lines {@code - name: role} (one name or a
 * list of names);</li>
 * <li>{@code ${conversation:last3}}: the last three entries of a list of messages as
 * lines {@code [speaker]: message} ({@code :lines} for all of them);</li>
 * <li>{@code ${agents:first}}: the first entry of a list (e.g. the first participant, a
 * fallback before anyone has spoken).</li>
 * </ul>
 * A template that needs a variable that is not set is a modelling error
 * ({@link IllegalArgumentException}): retrying cannot fix it.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Prompts {

	private final TaskOutcomes outcomes;

	private final AgentRegistry agents;

	/**
	 * @param provided values the task's handler works out itself (such as the speaker of
	 * a turn); they take precedence over process variables
	 */
	public String render(LockedExternalTask task, String template, Map<String, Object> provided) {
		return PromptTemplate.render(template, variables(task, provided), this::format);
	}

	Function<String, Object> variables(LockedExternalTask task, Map<String, Object> provided) {
		return (name) -> provided.containsKey(name) ? provided.get(name) : this.outcomes.variable(task, name);
	}

	Object format(String format, Object value) {
		if ("roles".equals(format)) {
			List<?> names = (value instanceof List<?> list) ? list : List.of(value);
			try {
				return names.stream()
					.map((name) -> "- " + name + ": " + this.agents.require(String.valueOf(name)).role())
					.collect(Collectors.joining("\n"));
			}
			catch (UnknownAgentException ex) {
				throw new IllegalArgumentException(ex.getMessage(), ex);
			}
		}
		if ("first".equals(format)) {
			List<?> entries = (value instanceof List<?> list) ? list : List.of(value);
			return entries.isEmpty() ? null : entries.get(0);
		}
		if ("lines".equals(format) || format.matches("last\\d+")) {
			List<?> entries = (value instanceof List<?> list) ? list : List.of(value);
			int keep = "lines".equals(format) ? entries.size() : Integer.parseInt(format.substring(4));
			List<?> kept = entries.subList(Math.max(0, entries.size() - keep), entries.size());
			String lines = kept.stream().map(Prompts::line).collect(Collectors.joining("\n"));
			return lines.isEmpty() ? "(nothing yet)" : lines;
		}
		throw new IllegalArgumentException(
				"Unknown template format ':" + format + "'. Formats: :roles, :lines, :last<N> (e.g. :last3), :first.");
	}

	private static String line(Object entry) {
		if (entry instanceof Map<?, ?> map) {
			Object who = map.containsKey("speaker") ? map.get("speaker") : map.get("agent");
			Object what = map.containsKey("message") ? map.get("message") : map.get("content");
			return "[" + who + "]: " + what;
		}
		return String.valueOf(entry);
	}

}
