package io.bpmnagents.approval;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.internal.JsonSchemaElementJsonUtils;
import io.bpmnagents.contract.ProcessTools;
import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.tool.UnknownToolException;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * What a person sees of a tool and checks its arguments against: the tool's description
 * and the JSON schema of its parameters, as the model was told them, from the tool
 * registry (Java tools) or the deployed processes (process tools). The schema is checked
 * with networknt's json-schema-validator, from LangChain4j's own JSON form of it.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ToolArguments {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

	private final ToolRegistry tools;

	private final ProcessTools processes;

	/** The tool as the model was told it, or null when it is no longer known. */
	ToolSpecification specification(String tool) {
		try {
			return this.tools.specifications(List.of(tool)).get(0);
		}
		catch (UnknownToolException ex) {
			try {
				return this.processes.specification(tool);
			}
			catch (IllegalArgumentException gone) {
				return null;
			}
		}
	}

	/** The tool's description, or a sentence saying it has none. */
	String description(String tool) {
		ToolSpecification specification = specification(tool);
		return (specification != null && specification.description() != null) ? specification.description()
				: "(no description)";
	}

	/**
	 * Why these arguments do not fit the tool, or null when they do.
	 * @param arguments a JSON text
	 */
	String problem(String tool, String arguments) {
		JsonNode node;
		try {
			node = JSON.readTree(arguments);
		}
		catch (JsonProcessingException ex) {
			return "The arguments are no JSON: " + ex.getOriginalMessage();
		}
		if (node == null || !node.isObject()) {
			return "The arguments must be a JSON object, such as {\"amount\": 120}.";
		}
		ToolSpecification specification = specification(tool);
		if (specification == null) {
			return "Tool '" + tool + "' is no longer known, so its arguments cannot be checked.";
		}
		if (specification.parameters() == null) {
			return null;
		}
		Map<String, Object> schema = JsonSchemaElementJsonUtils.toMap(specification.parameters());
		var problems = SCHEMAS.getSchema(JSON.valueToTree(schema)).validate(node);
		return problems.isEmpty() ? null : "The arguments do not fit tool '" + tool + "': "
				+ problems.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "));
	}

}
