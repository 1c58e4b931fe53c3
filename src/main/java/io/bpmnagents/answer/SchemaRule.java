package io.bpmnagents.answer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.variable.Variables;

import static io.bpmnagents.answer.AnswerTexts.JSON;
import static io.bpmnagents.answer.AnswerTexts.excerpt;
import static io.bpmnagents.answer.AnswerTexts.json;
import static io.bpmnagents.answer.AnswerTexts.quote;

/**
 * The answer must be JSON that satisfies a JSON Schema ({@code answerSchema}), and pass
 * {@code more}, a check of what a schema cannot say (such as "a worker of this run"); the
 * parsed JSON becomes the result (a JSON variable: maps, lists, texts, numbers). After a
 * second unusable answer the task ends on the BPMN error
 * {@value AnswerRule#INVALID_ANSWER}.
 *
 * @param answerSchema the schema, checked when the diagram was deployed
 * @param more returns what is wrong with a schema-valid answer, or {@code null}
 */
public record SchemaRule(AnswerSchema answerSchema, Function<JsonNode, String> more) implements AnswerRule {

	public SchemaRule(AnswerSchema answerSchema) {
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
		JsonNode node = json(text,
				(error) -> "it is not valid JSON (" + error + "). Your answer began: " + quote(excerpt(text)) + ".");
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
		return new Answer(
				Variables.objectValue(value).serializationDataFormat(Variables.SerializationDataFormats.JSON).create(),
				node.isTextual() ? node.asText() : node.toString(), fields, Map.of());
	}

	@Override
	public Answer giveUp(String lastAnswer, String problem) {
		throw new Unusable("The agent answered twice without JSON that the task's schema accepts (" + problem
				+ "). Its last answer: " + quote(excerpt(lastAnswer)));
	}

}
