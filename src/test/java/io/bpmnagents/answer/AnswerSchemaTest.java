package io.bpmnagents.answer;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerSchemaTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String PERSON = """
			{"type": "object",
			 "properties": {"name": {"type": "string", "minLength": 1},
			                "age": {"type": "integer", "minimum": 0},
			                "tags": {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2}},
			 "required": ["name", "age"], "additionalProperties": false}""";

	@Test
	void givenAValidSchemaWhenAnAnswerFitsThenThereIsNoProblem() throws Exception {
		AnswerSchema schema = AnswerSchema.parse(PERSON);

		assertThat(schema.problems(JSON.readTree("{\"name\": \"Ada\", \"age\": 36, \"tags\": [\"a\"]}"))).isEmpty();
	}

	@Test
	void givenAValidSchemaWhenAnAnswerBreaksItThenEachProblemIsNamedWithItsPlace() throws Exception {
		AnswerSchema schema = AnswerSchema.parse(PERSON);

		List<String> problems = schema
			.problems(JSON.readTree("{\"name\": \"\", \"age\": -1, \"tags\": [\"a\", \"c\", \"b\"], \"x\": 1}"));

		assertThat(problems).anySatisfy((problem) -> assertThat(problem).contains("$.name"))
			.anySatisfy((problem) -> assertThat(problem).contains("$.age"))
			.anySatisfy((problem) -> assertThat(problem).contains("$.tags[1]"))
			.anySatisfy((problem) -> assertThat(problem).contains("$.tags").contains("2"))
			.anySatisfy((problem) -> assertThat(problem).contains("x"));
		assertThat(schema.problems(JSON.readTree("{\"name\": \"Ada\"}"))).singleElement()
			.satisfies((problem) -> assertThat(problem).contains("age"));
	}

	@Test
	void aSchemaThatIsNotJsonOrNotAnObjectOrBreaksTheMetaSchemaIsRefusedSayingWhy() {
		assertThatThrownBy(() -> AnswerSchema.parse("{\"type\": ")).hasMessageStartingWith("it is not JSON");
		assertThatThrownBy(() -> AnswerSchema.parse("[1]")).hasMessageContaining("a JSON Schema is a JSON object");
		assertThatThrownBy(() -> AnswerSchema.parse("{\"type\": \"strin\"}"))
			.hasMessageStartingWith("it breaks the JSON Schema rules")
			.hasMessageContaining("type");
		assertThatThrownBy(() -> AnswerSchema.parse("{\"type\": \"object\", \"required\": \"name\"}"))
			.hasMessageContaining("required");
		assertThatThrownBy(() -> AnswerSchema.parse("{\"minItems\": -1}")).hasMessageContaining("minItems");
	}

	@Test
	void anOlderDraftNamedBySchemaIsCheckedByItsOwnRules() throws Exception {
		AnswerSchema schema = AnswerSchema.parse("""
				{"$schema": "http://json-schema.org/draft-07/schema#",
				 "type": "object", "properties": {"n": {"type": "number", "exclusiveMaximum": 3}}}""");

		assertThat(schema.problems(JSON.readTree("{\"n\": 3}"))).isNotEmpty();
		assertThat(schema.problems(JSON.readTree("{\"n\": 2.5}"))).isEmpty();
	}

	@Test
	void aReferenceOutsideTheSchemaIsNeverFetched() {
		// Neither the network nor the server's files: a deployed model must not reach
		// them.
		assertThatThrownBy(() -> AnswerSchema
			.parse("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"http://127.0.0.1:9/schema.json\"}}}"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> AnswerSchema
			.parse("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"file:///etc/passwd\"}}}"))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aReferenceInsideTheSchemaWorks() throws Exception {
		AnswerSchema schema = AnswerSchema.parse("""
				{"$defs": {"step": {"type": "string", "minLength": 2}},
				 "type": "array", "items": {"$ref": "#/$defs/step"}}""");

		assertThat(schema.problems(JSON.readTree("[\"ok\", \"x\"]"))).singleElement()
			.satisfies((problem) -> assertThat(problem).contains("$[1]"));
	}

	@Test
	void narrowingAPropertyToValuesAddsThemAsItsEnumAndLeavesOtherSchemasAlone() throws Exception {
		AnswerSchema schema = AnswerSchema.parse(PERSON);

		AnswerSchema narrowed = schema.withValues("/properties/name", List.of("Ada", "Grace"));

		assertThat(narrowed.problems(JSON.readTree("{\"name\": \"Alan\", \"age\": 1}"))).isNotEmpty();
		assertThat(narrowed.problems(JSON.readTree("{\"name\": \"Grace\", \"age\": 1}"))).isEmpty();
		assertThat(schema.withValues("/properties/nobody", List.of("x"))).isSameAs(schema);
	}

	@Test
	void aSchemaRuleAcceptsFittingJsonAsAJsonValueAndRejectsTheRestSayingWhy() throws Exception {
		SchemaRule rule = new SchemaRule(AnswerSchema.parse(PERSON));

		AnswerRule.Answer answer = rule.check("```json\n{\"name\": \"Ada\", \"age\": 36}\n```");

		assertThat(answer.result().getValue()).isEqualTo(Map.of("name", "Ada", "age", 36));
		assertThat(answer.result().getType().getName()).isEqualTo("object");
		assertThat(answer.fields()).containsEntry("name", "Ada");
		assertThat(rule.schema()).contains("\"required\":[\"name\",\"age\"]");
		assertThat(rule.instruction()).contains("JSON Schema").contains("\"minLength\":1");
		assertThatThrownBy(() -> rule.check("Ada is 36")).isInstanceOf(AnswerRule.Rejected.class)
			.hasMessageStartingWith("it is not valid JSON")
			.hasMessageContaining("Ada is 36");
		assertThatThrownBy(() -> rule.check("{\"name\": \"Ada\"}")).isInstanceOf(AnswerRule.Rejected.class)
			.hasMessageStartingWith("it does not match the JSON Schema")
			.hasMessageContaining("age");
		assertThatThrownBy(() -> rule.giveUp("{}", "age is missing")).isInstanceOf(AnswerRule.Unusable.class)
			.hasMessageContaining("age is missing");
	}

	@Test
	void aCheckBeyondTheSchemaRejectsAnAnswerTheSchemaAccepts() {
		SchemaRule rule = new SchemaRule(AnswerSchema.parse(PERSON),
				(answer) -> (answer.path("age").asInt() > 150) ? "Nobody is that old." : null);

		assertThatThrownBy(() -> rule.check("{\"name\": \"Ada\", \"age\": 200}")).hasMessage("Nobody is that old.");
	}

}
