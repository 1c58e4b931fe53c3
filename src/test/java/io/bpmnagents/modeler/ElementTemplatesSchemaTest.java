package io.bpmnagents.modeler;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated templates are ones Camunda Modeler loads: it checks each against the
 * schema of Camunda 7 element templates and leaves out one that breaks it, e.g. a Text or
 * Boolean field bound to a {@code camunda:property}, which the agent task templates had
 * before they were generated. The schema is
 * {@code @camunda/element-templates-json-schema} 0.22.1 (MIT) from npm,
 * {@code resources/schema.json}, copied into {@code src/test/resources/modeler/};
 * networknt's json-schema-validator reads it.
 */
class ElementTemplatesSchemaTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void theGeneratedTemplatesAreValidCamunda7ElementTemplates() throws IOException {
		assertThat(problems(generated())).isEmpty();
	}

	@Test
	void aMultiLineTextFieldBoundToAnExtensionPropertyIsRefused() throws IOException {
		JsonNode templates = generated();
		for (JsonNode field : templates.get(0).path("properties")) {
			if (AgentTaskProperty.PROMPT.key().equals(field.path("binding").path("name").asText())) {
				((ObjectNode) field).put("type", "Text");
			}
		}

		assertThat(problems(templates)).isNotEmpty();
	}

	private static JsonNode generated() throws IOException {
		return JSON.readTree(GeneratedFiles.contents().get(GeneratedFiles.TEMPLATES));
	}

	private static List<String> problems(JsonNode templates) throws IOException {
		try (InputStream schema = ElementTemplatesSchemaTest.class
			.getResourceAsStream("/modeler/camunda7-element-templates-schema-0.22.1.json")) {
			JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
			return validator.validate(templates).stream().map(ValidationMessage::getMessage).toList();
		}
	}

}
