package io.bpmnagents.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * What an agent task demands of an answer ({@code answerOneOf} or {@code answerFields}),
 * and what it makes of an answer it accepts. The demand travels to the model twice: as
 * words at the end of the prompt, for any model, and as a JSON schema, for models that
 * honour one; the answer is checked either way, because not every server does.
 */
public sealed interface AnswerRule permits AnswerRule.OneOf, AnswerRule.Fields, AnswerRule.Schema {

	ObjectMapper JSON = new ObjectMapper();

	/**
	 * The BPMN error raised when an answer still breaks its JSON Schema after the re-ask.
	 */
	String INVALID_ANSWER = "INVALID_ANSWER";

	/**
	 * The JSON Schema sent to the model as {@code response_format}; one mechanism for
	 * every rule, so the model client and the simulator know only JSON Schema.
	 */
	String schema();

	/** Appended to the prompt: what the answer must look like. */
	String instruction();

	/**
	 * @throws Rejected naming what is wrong with the answer, for the follow-up question
	 */
	Answer check(String text) throws Rejected;

	/**
	 * What to do when the follow-up did not help either.
	 * @throws IllegalArgumentException when the rule has no way out (an incident)
	 * @throws Unusable when the model is to decide (a BPMN error)
	 */
	Answer giveUp(String lastAnswer, String problem);

	/** The follow-up question after an answer that broke the rule. */
	default String followUp(String prompt, String problem) {
		return "Your previous answer could not be used: " + problem + "\n\nThe question again:\n\n" + prompt;
	}

	/**
	 * An accepted answer.
	 *
	 * @param result the value of the task's result variable
	 * @param content the answer as text (what a map collects)
	 * @param fields the fields of a JSON answer, recorded in a list entry instead of the
	 * content; {@code null} for other answers
	 * @param variables further variables the answer sets
	 */
	record Answer(TypedValue result, String content, Map<String, Object> fields, Map<String, TypedValue> variables) {
	}

	/** An answer that breaks the rule. */
	class Rejected extends Exception {

		Rejected(String problem) {
			super(problem);
		}

	}

	/**
	 * Two answers broke the rule: the task ends on the BPMN error
	 * {@value AnswerRule#INVALID_ANSWER}, which a boundary event can catch.
	 */
	class Unusable extends RuntimeException {

		Unusable(String message) {
			super(message);
		}

	}

	/**
	 * The answer must be one of a list of choices ({@code answerOneOf}); matched ignoring
	 * case, surrounding space, quotes and a final full stop, and stored as the list
	 * spells it (a plain String, for gateways). {@code <result>Fallback} tells whether
	 * the fallback was taken.
	 *
	 * @param field the result variable, also the field of a JSON answer
	 * @param choices each choice with its target ({@code choice=target}), or itself
	 * @param fallback the choice taken after a second unusable answer, or {@code null}
	 * @param targetVariable receives the chosen entry's target, or {@code null}
	 */
	record OneOf(String field, Map<String, String> choices, String fallback,
			String targetVariable) implements AnswerRule {

		/**
		 * @param list the rendered {@code answerOneOf}: a JSON list or map, or
		 * comma-separated entries, {@code choice} or {@code choice=target}
		 * @param fallback the rendered fallback, or {@code null}
		 * @throws IllegalArgumentException when there are no choices or the fallback is
		 * not one of them: input or model that the run cannot repair
		 */
		public static OneOf parse(String field, String list, String fallback, String targetVariable) {
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
			OneOf rule = new OneOf(field, choices, null, targetVariable);
			if (fallback == null) {
				return rule;
			}
			String known = rule.match(fallback);
			if (known == null) {
				throw new IllegalArgumentException("The fallback " + quote(fallback) + " of '" + field
						+ "' is not one of the choices: " + rule.names() + ".");
			}
			return new OneOf(field, choices, known, targetVariable);
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
				throw new Rejected(
						quote(excerpt(candidate)) + " is not one of the choices. Answer with exactly one of: " + names()
								+ " (the choice alone).");
			}
			return answer(choice, false);
		}

		@Override
		public Answer giveUp(String lastAnswer, String problem) {
			if (this.fallback == null) {
				throw new IllegalArgumentException("The agent answered twice outside the choices of '" + this.field
						+ "' (" + problem + ") and the task sets no fallback. Set one, or fix the prompt, then retry.");
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
				node.fields()
					.forEachRemaining((entry) -> entries.add(entry.getKey() + "=" + entry.getValue().asText()));
			}
			else {
				entries.addAll(List.of(list.split("[,\\n]")));
			}
			return entries;
		}

	}

	/**
	 * The answer is a JSON object with the listed fields ({@code answerFields}, e.g.
	 * {@code verdict: pass|revise, feedback}). Each field becomes a process variable: one
	 * with listed values a plain String spelled as listed (for gateways), others a text
	 * of any length. Without a usable answer after the follow-up, the task becomes an
	 * incident.
	 *
	 * @param fields each field with its allowed values (empty: any text)
	 */
	record Fields(Map<String, List<String>> fields) implements AnswerRule {

		/**
		 * @param spec comma-separated fields, each {@code name} or
		 * {@code name: value|value}
		 */
		public static Fields parse(String spec) {
			Map<String, List<String>> fields = new LinkedHashMap<>();
			for (String item : spec.split(",")) {
				if (item.isBlank()) {
					continue;
				}
				int colon = item.indexOf(':');
				String name = ((colon < 0) ? item : item.substring(0, colon)).strip();
				if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
					throw new IllegalArgumentException("answerFields: " + quote(name)
							+ " is not a variable name. Write fields as 'name' or 'name: value|value', separated by commas.");
				}
				List<String> values = (colon < 0) ? List.of()
						: List.of(item.substring(colon + 1).split("\\|"))
							.stream()
							.map(String::strip)
							.filter((value) -> !value.isEmpty())
							.toList();
				fields.put(name, values);
			}
			if (fields.isEmpty()) {
				throw new IllegalArgumentException("answerFields names no field: " + quote(spec));
			}
			return new Fields(fields);
		}

		@Override
		public String schema() {
			return objectSchema(this.fields);
		}

		@Override
		public String instruction() {
			return "\n\nAnswer with a JSON object with the fields: " + this.fields.entrySet()
				.stream()
				.map((field) -> field.getKey()
						+ (field.getValue().isEmpty() ? "" : " (one of: " + String.join(", ", field.getValue()) + ")"))
				.collect(Collectors.joining(", ")) + ".";
		}

		@Override
		public Answer check(String text) throws Rejected {
			JsonNode node;
			try {
				node = JSON.readTree(unfenced(text));
			}
			catch (JsonProcessingException ex) {
				throw new Rejected("it is not a JSON object (" + ex.getOriginalMessage() + ")." + instruction());
			}
			if (node == null || !node.isObject()) {
				throw new Rejected("it is not a JSON object." + instruction());
			}
			Map<String, Object> values = new LinkedHashMap<>();
			Map<String, TypedValue> variables = new LinkedHashMap<>();
			for (Map.Entry<String, List<String>> field : this.fields.entrySet()) {
				String name = field.getKey();
				JsonNode value = node.get(name);
				if (value == null || value.isNull()) {
					throw new Rejected("the field '" + name + "' is missing." + instruction());
				}
				String text1 = value.isValueNode() ? value.asText() : value.toString();
				if (!field.getValue().isEmpty()) {
					String allowed = field.getValue()
						.stream()
						.filter((option) -> option.equalsIgnoreCase(text1.strip()))
						.findFirst()
						.orElseThrow(() -> new Rejected("the field '" + name + "' must be one of "
								+ String.join(", ", field.getValue()) + ", not " + quote(excerpt(text1)) + "."));
					values.put(name, allowed);
					variables.put(name, Variables.stringValue(allowed));
				}
				else {
					values.put(name, text1);
					variables.put(name, Variable.text(name).typed(text1));
				}
			}
			return new Answer(Variable.text("answer").typed(text), text, values, variables);
		}

		@Override
		public Answer giveUp(String lastAnswer, String problem) {
			throw new IllegalArgumentException("The agent answered twice without the JSON object the task asks for ("
					+ problem + "). Its last answer: " + quote(excerpt(lastAnswer))
					+ ". Fix the prompt or choose another agent, then retry.");
		}

	}

	/**
	 * The answer must be JSON that satisfies a JSON Schema ({@code answerSchema}), and
	 * pass {@code more}, a check of what a schema cannot say (such as "a worker of this
	 * run"); the parsed JSON becomes the result (a JSON variable: maps, lists, texts,
	 * numbers). After a second unusable answer the task ends on the BPMN error
	 * {@value AnswerRule#INVALID_ANSWER}.
	 *
	 * @param answerSchema the schema, checked when the diagram was deployed
	 * @param more returns what is wrong with a schema-valid answer, or {@code null}
	 */
	record Schema(AnswerSchema answerSchema, Function<JsonNode, String> more) implements AnswerRule {

		public Schema(AnswerSchema answerSchema) {
			this(answerSchema, (answer) -> null);
		}

		@Override
		public String schema() {
			return this.answerSchema.text();
		}

		@Override
		public String instruction() {
			return "\n\nAnswer with JSON only, valid against this JSON Schema:\n" + this.answerSchema.text();
		}

		@Override
		public Answer check(String text) throws Rejected {
			JsonNode node;
			try {
				node = JSON.readTree(unfenced(text));
			}
			catch (JsonProcessingException ex) {
				throw new Rejected("it is not valid JSON (" + ex.getOriginalMessage() + "). Your answer began: "
						+ quote(excerpt(text)) + ".");
			}
			if (node == null || node.isMissingNode()) {
				throw new Rejected("it is empty; answer with JSON.");
			}
			List<String> problems = this.answerSchema.problems(node);
			if (!problems.isEmpty()) {
				throw new Rejected("it does not match the JSON Schema: " + String.join("; ", problems) + ".");
			}
			String more = this.more.apply(node);
			if (more != null) {
				throw new Rejected(more);
			}
			Object value = JSON.convertValue(node, Object.class);
			Map<String, Object> fields = null;
			if (value instanceof Map<?, ?> map) {
				fields = new LinkedHashMap<>();
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					fields.put(String.valueOf(entry.getKey()), entry.getValue());
				}
			}
			return new Answer(Variables.objectValue(value)
				.serializationDataFormat(Variables.SerializationDataFormats.JSON)
				.create(), node.isTextual() ? node.asText() : node.toString(), fields, Map.of());
		}

		@Override
		public Answer giveUp(String lastAnswer, String problem) {
			throw new Unusable("The agent answered twice without JSON that the task's schema accepts (" + problem
					+ "). Its last answer: " + quote(excerpt(lastAnswer)));
		}

	}

	/** Models often wrap JSON in a Markdown code fence. */
	private static String unfenced(String text) {
		String stripped = text.strip();
		if (stripped.startsWith("```")) {
			stripped = stripped.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "");
		}
		return stripped;
	}

	/**
	 * A JSON Schema of an object whose fields are all required, each a text limited to
	 * its listed values when it has any (answerOneOf, answerFields).
	 */
	private static String objectSchema(Map<String, List<String>> fields) {
		ObjectNode schema = JSON.createObjectNode().put("type", "object");
		ObjectNode properties = schema.putObject("properties");
		fields.forEach((name, values) -> {
			ObjectNode property = properties.putObject(name);
			if (values.isEmpty()) {
				property.put("type", "string");
			}
			else {
				values.forEach(property.putArray("enum")::add);
			}
		});
		fields.keySet().forEach(schema.putArray("required")::add);
		schema.put("additionalProperties", false);
		return schema.toString();
	}

	private static JsonNode tree(String text) {
		String stripped = text.strip();
		if (!stripped.startsWith("{") && !stripped.startsWith("[")) {
			return null;
		}
		try {
			return JSON.readTree(stripped);
		}
		catch (JsonProcessingException ex) {
			return null;
		}
	}

	private static String quote(String text) {
		return "\"" + text + "\"";
	}

	private static String excerpt(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return (flat.length() <= 120) ? flat : flat.substring(0, 120) + "…";
	}

}
