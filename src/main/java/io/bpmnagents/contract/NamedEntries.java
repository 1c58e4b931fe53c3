package io.bpmnagents.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * A rule that spans fields: an input that lists named entries, {@code name=handler}
 * separated by commas (form custom property {@code entries}), and inputs that pick one of
 * those names (custom property {@code entryOf: <that input>}) — e.g. routing's routes and
 * its fallback route. With {@code entries: agents} every handler is an agent of the
 * registry; with {@code entries: agents-or-processes} a handler may also be
 * {@code process:<id>} (whether that process is deployed is known only when it is
 * called). An entry without {@code =handler} names an agent of the same name.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class NamedEntries {

	static final String PROCESS_PREFIX = "process:";

	private final ProcessContract contract;

	private final AgentRegistry agents;

	void check(Map<String, TypedValue> checked) {
		Map<String, Map<String, String>> lists = new LinkedHashMap<>();
		for (InputField field : this.contract.inputs()) {
			TypedValue value = checked.get(field.name());
			if (field.entries() != null && value != null) {
				lists.put(field.name(), entries(field, String.valueOf(value.getValue())));
			}
		}
		for (InputField field : this.contract.inputs()) {
			TypedValue value = checked.get(field.name());
			if (field.entryOf() == null || value == null) {
				continue;
			}
			Map<String, String> names = lists.get(field.entryOf());
			if (names == null) {
				continue;
			}
			String picked = String.valueOf(value.getValue()).strip();
			boolean known = names.keySet().stream().anyMatch((name) -> name.equalsIgnoreCase(picked));
			if (!known) {
				throw new InvalidInputException(field.name(),
						"Input field '" + field.name() + "' must be one of the names in '" + field.entryOf() + "': "
								+ String.join(", ", names.keySet()) + "; not '" + picked + "'.");
			}
		}
	}

	/**
	 * The process keys that the {@code process:<id>} handlers of an entries text name
	 * (whatever else the text holds; it is checked on its own).
	 */
	static List<String> processes(String text) {
		List<String> keys = new ArrayList<>();
		for (String entry : (text != null) ? text.split("[,\\n]") : new String[0]) {
			int equals = entry.indexOf('=');
			String handler = ((equals < 0) ? entry : entry.substring(equals + 1)).strip();
			if (handler.startsWith(PROCESS_PREFIX) && !handler.substring(PROCESS_PREFIX.length()).isBlank()) {
				keys.add(handler.substring(PROCESS_PREFIX.length()).strip());
			}
		}
		return keys;
	}

	private Map<String, String> entries(InputField field, String text) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (String entry : text.split("[,\\n]")) {
			if (entry.isBlank()) {
				continue;
			}
			int equals = entry.indexOf('=');
			String name = ((equals < 0) ? entry : entry.substring(0, equals)).strip();
			String handler = ((equals < 0) ? name : entry.substring(equals + 1)).strip();
			if (name.isEmpty() || handler.isEmpty()) {
				throw new InvalidInputException(field.name(),
						"Input field '" + field.name() + "' must list name=handler entries separated by commas, e.g. "
								+ "\"billing=billing-specialist, technical=developer\"; found \"" + entry.strip()
								+ "\".");
			}
			requireHandler(field, name, handler);
			entries.put(name, handler);
		}
		if (entries.isEmpty()) {
			throw new InvalidInputException(field.name(),
					"Input field '" + field.name() + "' must list at least one name=handler entry.");
		}
		return entries;
	}

	private void requireHandler(InputField field, String name, String handler) {
		boolean processes = "agents-or-processes".equals(field.entries());
		if (processes && handler.startsWith(PROCESS_PREFIX)) {
			if (handler.substring(PROCESS_PREFIX.length()).isBlank()) {
				throw new InvalidInputException(field.name(), "Input field '" + field.name() + "': the entry '" + name
						+ "' names no process; write process:<process id>.");
			}
			return;
		}
		if (this.agents.find(handler).isEmpty()) {
			List<String> known = new ArrayList<>(this.agents.all().stream().map(AgentDefinition::name).toList());
			throw new InvalidInputException(field.name(),
					"Unknown agent '" + handler + "' for '" + name + "' in '" + field.name() + "'. Known agents: "
							+ String.join(", ", known) + (processes ? " (or process:<process id>)." : "."));
		}
	}

}
