package io.bpmnagents.answer;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaException;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A JSON Schema that an agent's answer must satisfy ({@code answerSchema}), checked with
 * networknt's json-schema-validator. Draft 2020-12 unless the schema's {@code $schema}
 * names another draft. The schema is itself checked against its draft's meta-schema when
 * it is read, so a broken schema is refused when the diagram is deployed, not when an
 * agent first answers. References may point inside the schema, or to the drafts'
 * meta-schemas the validator ships, only: a schema deployed by a modeller must not make
 * the server fetch URLs, read files or read the app's own resources.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class AnswerSchema {

	private static final ObjectMapper JSON = new ObjectMapper();

	/** The validator's own meta-schemas, as its meta-schema mapper names them. */
	private static final Set<String> META_SCHEMAS = Set.of("classpath:draft-04/schema", "classpath:draft-06/schema",
			"classpath:draft-07/schema", "classpath:draft/2019-09/schema", "classpath:draft/2019-09/meta/applicator",
			"classpath:draft/2019-09/meta/content", "classpath:draft/2019-09/meta/core",
			"classpath:draft/2019-09/meta/format", "classpath:draft/2019-09/meta/meta-data",
			"classpath:draft/2019-09/meta/validation", "classpath:draft/2020-12/schema",
			"classpath:draft/2020-12/meta/applicator", "classpath:draft/2020-12/meta/content",
			"classpath:draft/2020-12/meta/core", "classpath:draft/2020-12/meta/format-annotation",
			"classpath:draft/2020-12/meta/meta-data", "classpath:draft/2020-12/meta/unevaluated",
			"classpath:draft/2020-12/meta/validation");

	private final String text;

	private final JsonSchema schema;

	/**
	 * Reads and checks a schema.
	 * @param text the schema as JSON
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	public static AnswerSchema parse(String text) {
		JsonNode node;
		try {
			node = JSON.readTree(text);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("it is not JSON (" + ex.getOriginalMessage() + ")", ex);
		}
		if (node == null || !node.isObject()) {
			throw new IllegalArgumentException("a JSON Schema is a JSON object, e.g. {\"type\": \"object\", ...}");
		}
		JsonSchemaFactory factory;
		try {
			factory = factory(
					SpecVersionDetector.detectOptionalVersion(node, false).orElse(SpecVersion.VersionFlag.V202012));
		}
		catch (JsonSchemaException ex) {
			throw new IllegalArgumentException("its $schema names no draft this server knows (" + ex.getMessage()
					+ "); use https://json-schema.org/draft/2020-12/schema or leave $schema out", ex);
		}
		try {
			JsonSchema meta = factory.getSchema(SchemaLocation
				.of(node.has("$schema") ? node.get("$schema").asText() : SpecVersion.VersionFlag.V202012.getId()));
			List<String> problems = messages(meta.validate(node));
			if (!problems.isEmpty()) {
				throw new IllegalArgumentException("it breaks the JSON Schema rules: " + String.join("; ", problems));
			}
			JsonSchema schema = factory.getSchema(node);
			schema.initializeValidators();
			return new AnswerSchema(JSON.writeValueAsString(node), schema);
		}
		catch (JsonSchemaException | JsonProcessingException | IllegalStateException ex) {
			throw new IllegalArgumentException("it cannot be used (" + ex.getMessage() + ")", ex);
		}
	}

	private static JsonSchemaFactory factory(SpecVersion.VersionFlag version) {
		// Only the meta-schemas shipped inside the validator, by the exact names its
		// mapper gives them, may be loaded: a $ref to any other classpath: resource (the
		// app's configuration), to file: or to a URL fails instead of being read.
		return JsonSchemaFactory.getInstance(version, (builder) -> builder.schemaLoaders(
				(loaders) -> loaders.add(new AllowSchemaLoader((iri) -> META_SCHEMAS.contains(iri.toString())))));
	}

	/** The schema as compact JSON: sent to the model and written into the prompt. */
	public String text() {
		return this.text;
	}

	/**
	 * This schema with the values a property may take narrowed to {@code values}
	 * ({@code enum}), e.g. the workers of one run; unchanged when the schema has no
	 * property at {@code pointer}.
	 * @param pointer a JSON pointer into the schema, e.g.
	 * {@code /properties/assignments/items/properties/worker}
	 */
	public AnswerSchema withValues(String pointer, List<String> values) {
		try {
			JsonNode copy = JSON.readTree(this.text);
			JsonNode property = copy.at(pointer);
			if (!(property instanceof ObjectNode object)) {
				return this;
			}
			values.forEach(object.putArray("enum")::add);
			return parse(JSON.writeValueAsString(copy));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A parsed schema could not be read again", ex);
		}
	}

	/** What is wrong with an answer, one line each; empty when it fits. */
	public List<String> problems(JsonNode answer) {
		return messages(this.schema.validate(answer));
	}

	private static List<String> messages(Set<ValidationMessage> messages) {
		return messages.stream()
			.sorted(Comparator.comparing((ValidationMessage message) -> message.getInstanceLocation().toString())
				.thenComparing(ValidationMessage::getMessage))
			.map(ValidationMessage::getMessage)
			.toList();
	}

}
