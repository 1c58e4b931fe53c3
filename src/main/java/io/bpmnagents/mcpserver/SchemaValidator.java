package io.bpmnagents.mcpserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.task.AnswerSchema;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The MCP SDK's schema checks (a tool's structured result against its output schema) done
 * by the validator the app already uses for agents' answers: the SDK's own is built on
 * json-schema-validator 2.x, which cannot sit next to the app's 1.5.x.
 */
final class SchemaValidator implements JsonSchemaValidator {

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * Schemas read once: a tool's output schema is the same for every call, and reading
	 * one checks it against its meta-schema.
	 */
	private final Map<String, AnswerSchema> schemas = new ConcurrentHashMap<>();

	@Override
	public ValidationResponse validate(Map<String, Object> schema, Object content) {
		try {
			String text = JSON.writeValueAsString(content);
			List<String> problems = this.schemas.computeIfAbsent(JSON.writeValueAsString(schema), AnswerSchema::parse)
				.problems(JSON.readTree(text));
			return problems.isEmpty() ? ValidationResponse.asValid(text)
					: ValidationResponse.asInvalid("Validation failed: " + String.join("; ", problems));
		}
		catch (IllegalArgumentException | java.io.IOException ex) {
			return ValidationResponse.asInvalid("The schema cannot be used: " + ex.getMessage());
		}
	}

}
