package io.bpmnagents.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

import static io.bpmnagents.answer.AnswerTexts.excerpt;
import static io.bpmnagents.answer.AnswerTexts.objectSchema;
import static io.bpmnagents.answer.AnswerTexts.quote;
import static io.bpmnagents.answer.AnswerTexts.tree;

/**
 * The answer must be one of a list of choices ({@code answerOneOf}); matched ignoring
 * case, surrounding space, quotes and a final full stop, and stored as the list spells it
 * (a plain String, for gateways). {@code <result>Fallback} tells whether the fallback was
 * taken.
 *
 * @param field the result variable, also the field of a JSON answer
 * @param choices each choice with its target ({@code choice=target}), or itself
 * @param fallback the choice taken after a second unusable answer, or {@code null}
 * @param targetVariable receives the chosen entry's target, or {@code null}
 */
public record OneOfRule(String field, Map<String, String> choices, String fallback,
		String targetVariable) implements AnswerRule {

	/**
	 * @param list the rendered {@code answerOneOf}: a JSON list or map, or
	 * comma-separated entries, {@code choice} or {@code choice=target}
	 * @param fallback the rendered fallback, or {@code null}
	 * @throws IllegalArgumentException when there are no choices or the fallback is not
	 * one of them: input or model that the run cannot repair
	 */
	public static OneOfRule parse(String field, String list, String fallback, String targetVariable) {
		Map<String, String> choices = new LinkedHashMap<>();
		for (String entry : entries(list)) {
			int equals = entry.indexOf('=');
			String choice = ((equals < 0) ? entry : entry.substring(0, equals)).strip();
			String target = ((equals < 0) ? choice : entry.substring(equals + 1)).strip();
			if (!choice.isEmpty()) {
				choices.putIfAbsent(choice, target.isEmpty() ? choice : target);
			}
		}
		if (choices.isEmpty()) {
			throw new IllegalArgumentException("The answer of '" + field + "' must be one of a list (answerOneOf), "
					+ "but the list is empty: " + quote(list));
		}
		OneOfRule rule = new OneOfRule(field, choices, null, targetVariable);
		if (fallback == null) {
			return rule;
		}
		String known = rule.match(fallback);
		if (known == null) {
			throw new IllegalArgumentException("The fallback " + quote(fallback) + " of '" + field
					+ "' is not one of the choices: " + rule.names() + ".");
		}
		return new OneOfRule(field, choices, known, targetVariable);
	}

	@Override
	public String schema() {
		return objectSchema(Map.of(this.field, List.copyOf(this.choices.keySet())));
	}

	@Override
	public String instruction() {
		return "\n\nAnswer with exactly one of: " + names() + ".";
	}

	@Override
	public Answer check(String text) throws Rejected {
		String candidate = candidate(text);
		String choice = match(candidate);
		if (choice == null) {
			throw new Rejected(quote(excerpt(candidate)) + " is not one of the choices. Answer with exactly one of: "
					+ names() + " (the choice alone).");
		}
		return answer(choice, false);
	}

	@Override
	public Answer giveUp(String lastAnswer, String problem) {
		if (this.fallback == null) {
			throw new IllegalArgumentException("The agent answered twice outside the choices of '" + this.field + "' ("
					+ problem + ") and the task sets no fallback. Set one, or fix the prompt, then retry.");
		}
		return answer(this.fallback, true);
	}

	private Answer answer(String choice, boolean fallbackTaken) {
		Map<String, TypedValue> variables = new LinkedHashMap<>();
		variables.put(this.field + "Fallback", Variables.booleanValue(fallbackTaken));
		if (this.targetVariable != null) {
			variables.put(this.targetVariable, Variables.stringValue(this.choices.get(choice)));
		}
		return new Answer(Variables.stringValue(choice), choice, null, variables);
	}

	private String match(String candidate) {
		String wanted = normalized(candidate);
		return this.choices.keySet()
			.stream()
			.filter((choice) -> normalized(choice).equals(wanted))
			.findFirst()
			.orElse(null);
	}

	private String names() {
		return String.join(", ", this.choices.keySet());
	}

	/** The choice inside a JSON answer (as the schema asks), or the whole answer. */
	private String candidate(String text) {
		JsonNode node = tree(text);
		if (node != null && node.isObject()) {
			JsonNode value = node.has(this.field) ? node.get(this.field)
					: (node.size() == 1) ? node.elements().next() : null;
			if (value != null && value.isValueNode()) {
				return value.asText();
			}
		}
		return text;
	}

	private static String normalized(String text) {
		String stripped = text.strip().replaceAll("^[\"'`*]+|[\"'`*]+$", "").strip();
		if (stripped.endsWith(".")) {
			stripped = stripped.substring(0, stripped.length() - 1).strip();
		}
		return stripped.toLowerCase(Locale.ROOT);
	}

	private static List<String> entries(String list) {
		JsonNode node = tree(list);
		List<String> entries = new ArrayList<>();
		if (node != null && node.isArray()) {
			node.forEach((item) -> entries.add(item.asText()));
		}
		else if (node != null && node.isObject()) {
			node.fields().forEachRemaining((entry) -> entries.add(entry.getKey() + "=" + entry.getValue().asText()));
		}
		else {
			entries.addAll(List.of(list.split("[,\\n]")));
		}
		return entries;
	}

}
