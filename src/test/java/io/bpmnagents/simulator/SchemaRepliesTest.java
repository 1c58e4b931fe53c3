package io.bpmnagents.simulator;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaRepliesTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final String SYSTEM = "You are a reviewer.";

	private static JsonNode format(String properties) throws Exception {
		return JSON.readTree("{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"answer\", \"schema\": "
				+ "{\"type\": \"object\", \"properties\": " + properties + "}}}");
	}

	@Test
	void aSchemaWithPropertiesIsAnsweredByThisClassAndJsonModeIsNot() throws Exception {
		assertThat(SchemaReplies.applies(format("{\"a\": {\"type\": \"string\"}}"))).isTrue();
		assertThat(SchemaReplies.applies(JSON.readTree("{\"type\": \"json_object\"}"))).isFalse();
		assertThat(SchemaReplies.applies(JSON.readTree("{}"))).isFalse();
	}

	@Test
	void everyFieldIsAnsweredAndAnEnumFieldTakesOneOfItsValues() throws Exception {
		JsonNode format = format(
				"{\"verdict\": {\"type\": \"string\", \"enum\": [\"pass\", \"revise\"]}, \"feedback\": {\"type\": \"string\"}}");

		JsonNode answer = JSON.readTree(SchemaReplies.reply(format, SYSTEM, "Evaluate \"this\" draft"));

		assertThat(answer.path("verdict").asText()).isIn("pass", "revise");
		assertThat(answer.path("feedback").asText()).contains("Evaluate \"this\" draft");
		assertThat(answer.size()).isEqualTo(2);
	}

	@Test
	void theSameRequestGetsTheSameChoiceAndRequestsSpreadOverTheChoices() throws Exception {
		JsonNode format = format(
				"{\"route\": {\"type\": \"string\", \"enum\": [\"billing\", \"technical\", \"general\"]}}");
		Set<String> chosen = new HashSet<>();

		for (int i = 0; i < 30; i++) {
			String prompt = "Request number " + i;
			String first = SchemaReplies.reply(format, SYSTEM, prompt);
			assertThat(SchemaReplies.reply(format, SYSTEM, prompt)).isEqualTo(first);
			chosen.add(JSON.readTree(first).path("route").asText());
		}

		assertThat(chosen).containsExactlyInAnyOrder("billing", "technical", "general");
	}

	@Test
	void aNestedSchemaIsAnsweredWithAnInstanceThatValidates() throws Exception {
		String schema = """
				{"type": "object",
				 "$defs": {"step": {"type": "object", "properties": {"worker": {"type": "string", "enum": ["developer", "designer", "tester"]},
				                                                   "subtask": {"type": "string", "minLength": 1, "maxLength": 40}},
				                    "required": ["worker", "subtask"]}},
				 "properties": {"assignments": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
				                "priority": {"type": "integer", "minimum": 3, "maximum": 5},
				                "score": {"type": "number", "exclusiveMinimum": 0},
				                "urgent": {"type": "boolean"},
				                "due": {"type": "string", "format": "date"},
				                "kind": {"const": "plan"},
				                "notes": {"type": ["string", "null"]},
				                "labels": {"type": "array", "items": {"type": "string"}, "maxItems": 1}},
				 "required": ["assignments", "priority"], "additionalProperties": false}""";
		JsonNode format = JSON.readTree(
				"{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"answer\", \"schema\": " + schema + "}}");

		JsonNode answer = JSON.readTree(SchemaReplies.reply(format, SYSTEM, "Plan the release"));

		com.networknt.schema.JsonSchema validator = com.networknt.schema.JsonSchemaFactory
			.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
			.getSchema(JSON.readTree(schema));
		assertThat(validator.validate(answer)).isEmpty();
		// Array items take the listed values in turn: each worker once.
		assertThat(answer.path("assignments").findValuesAsText("worker")).containsExactlyInAnyOrder("developer",
				"designer", "tester");
		assertThat(answer.path("labels").size()).isEqualTo(1);
		assertThat(answer.path("kind").asText()).isEqualTo("plan");
		assertThat(SchemaReplies.reply(format, SYSTEM, "Plan the release"))
			.isEqualTo(SchemaReplies.reply(format, SYSTEM, "Plan the release"));
	}

}
