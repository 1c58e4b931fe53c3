package io.bpmnagents.security;

import io.bpmnagents.answer.AnswerSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An answer schema is deployed by a modeller and read by the server: its references reach
 * only inside the schema and the JSON Schema drafts' own meta-schemas, never the app's
 * resources ({@code classpath:}), files or URLs, however the reference is spelled.
 */
class AnswerSchemaSourceSecurityTest {

	@ParameterizedTest
	@ValueSource(strings = { "classpath:application.yml", "classpath:/application.yml",
			"classpath:draft/2020-12/../../application.yml", "https://json-schema.org/../application.yml",
			"classpath:META-INF/native-image/com.networknt/json-schema-validator/reflect-config.json",
			"file:///etc/hostname", "http://127.0.0.1:1/schema.json", "jar:file:/app.jar!/application.yml" })
	void aReferenceOutsideTheSchemaIsRefusedWhenTheSchemaIsRead(String reference) {
		String schema = "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"" + reference + "\"}}}";

		assertThatThrownBy(() -> AnswerSchema.parse(schema)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("cannot be used");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#",
			"https://json-schema.org/draft/2019-09/schema", "http://json-schema.org/draft-04/schema#" })
	void theDraftsMetaSchemasAndReferencesInsideTheSchemaStillWork(String draft) {
		String definitions = draft.contains("draft-0") ? "definitions" : "$defs";
		AnswerSchema schema = AnswerSchema.parse("{\"$schema\": \"" + draft + "\", \"" + definitions
				+ "\": {\"name\": {\"type\": \"string\"}}, \"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"#/"
				+ definitions + "/name\"}}, \"required\": [\"a\"]}");

		assertThat(schema.problems(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("a", "x")))
			.isEmpty();
		assertThat(schema.problems(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("a", 1)))
			.isNotEmpty();
	}

}
