package io.bpmnagents.mcp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

/**
 * The MCP SDK's schema checks (a tool's structured result against its output schema),
 * done with the json-schema-validator the app already uses: the SDK's own checker is
 * built on its 2.x line, which cannot sit next to the app's 1.5.x. A schema may refer
 * only inside itself or to the drafts' meta-schemas the validator ships: a server's
 * schema must not make the app fetch URLs or read files.
 */
public final class McpSchemaValidator implements JsonSchemaValidator {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
			(builder) -> builder.schemaLoaders((loaders) -> loaders
				.add(new AllowSchemaLoader((iri) -> iri.toString().startsWith("classpath:draft")))));

	/** Schemas read once: a tool's output schema is the same for every call. */
	private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

	@Override
	public ValidationResponse validate(Map<String, Object> schema, Object content) {
		try {
			String text = JSON.writeValueAsString(content);
			JsonSchema compiled = this.schemas.computeIfAbsent(JSON.writeValueAsString(schema), this::compile);
			String problems = compiled.validate(JSON.readTree(text))
				.stream()
				.map(ValidationMessage::getMessage)
				.sorted()
				.collect(Collectors.joining("; "));
			return problems.isEmpty() ? ValidationResponse.asValid(text)
					: ValidationResponse.asInvalid("Validation failed: " + problems);
		}
		catch (JsonProcessingException | JsonSchemaException | IllegalArgumentException ex) {
			return ValidationResponse.asInvalid("The schema cannot be used: " + ex.getMessage());
		}
	}

	private JsonSchema compile(String schema) {
		try {
			JsonSchema compiled = FACTORY.getSchema(JSON.readTree(schema));
			compiled.initializeValidators();
			return compiled;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex.getOriginalMessage(), ex);
		}
	}

}
