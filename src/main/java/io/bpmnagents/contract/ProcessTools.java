package io.bpmnagents.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * Deployed processes offered to agents as tools: the tool is named after the process key,
 * described by the process's name and documentation, and takes the inputs its start form
 * declares (its contract), each as a JSON schema property of the matching type. A process
 * that declares no inputs is no tool: the model's arguments become the called run's
 * variables, so they must be limited to what the process names.
 */
@Component
public class ProcessTools {

	private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
	};

	/** What OpenAI accepts as a function name. */
	private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private final RepositoryService repository;

	private final Contracts contracts;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final AgentRegistry agents;

	private final InputCheck check;

	ProcessTools(RepositoryService repository, Contracts contracts, AgentRegistry agents, RunsProperties runs) {
		this.repository = repository;
		this.contracts = contracts;
		this.agents = agents;
		this.check = new InputCheck(agents, runs.maxLoopCount());
	}

	/**
	 * The tool for the latest version of a process.
	 * @throws IllegalArgumentException when no such process is deployed or its key cannot
	 * be a tool name
	 */
	public ToolSpecification specification(String processKey) {
		ProcessDefinition definition = latest(processKey);
		if (!TOOL_NAME.matcher(processKey).matches()) {
			throw new IllegalArgumentException("Process '" + processKey
					+ "' cannot be offered as a tool: a tool name has only letters, digits, '_' and '-' (at most 64).");
		}
		ProcessContract contract = this.contracts.of(definition.getId());
		if (!contract.declaresInputs()) {
			throw new IllegalArgumentException(undeclared(processKey));
		}
		JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
		List<String> required = new ArrayList<>();
		for (InputField input : contract.inputs()) {
			parameters.addProperty(input.name(), schema(input));
			if (input.required() && input.defaultValue() == null) {
				required.add(input.name());
			}
		}
		parameters.required(required);
		String name = (definition.getName() != null) ? definition.getName() : processKey;
		String description = (definition.getDescription() != null && !definition.getDescription().isBlank())
				? name + ": " + definition.getDescription() : name;
		return ToolSpecification.builder()
			.name(processKey)
			.description(description)
			.parameters(parameters.build())
			.build();
	}

	/**
	 * Why the latest version of a process would refuse these arguments (a tool call's
	 * JSON) as its input, or empty when it takes them: the model then gets the reason
	 * instead of the run failing when the process starts.
	 */
	public Optional<String> refusal(String processKey, String arguments) {
		Map<String, Object> given;
		try {
			given = JSON.readValue((arguments == null || arguments.isBlank()) ? "{}" : arguments, OBJECT);
		}
		catch (JsonProcessingException ex) {
			return Optional.of("The arguments are not a JSON object: " + ex.getOriginalMessage());
		}
		if (given == null) {
			return Optional.of("The arguments are not a JSON object.");
		}
		ProcessContract contract = this.contracts.of(latest(processKey).getId());
		if (!contract.declaresInputs()) {
			return Optional.of(undeclared(processKey));
		}
		try {
			// Only what the contract names: the model sets no variable of the run it
			// starts beyond them (no requireApproval the form does not offer).
			InputCheck.onlyFields(
					contract.inputs().stream().map(InputField::name).collect(java.util.stream.Collectors.toSet()),
					given.keySet());
			this.check.check(contract, given);
			return Optional.empty();
		}
		catch (InvalidInputException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	private static String undeclared(String processKey) {
		return "Process '" + processKey + "' cannot be offered as a tool: it declares no inputs. A model may set "
				+ "only what a process's start form names, so give it a start form (Camunda Form) listing its inputs.";
	}

	/**
	 * The inputs the latest version of a process declares: all a tool call may hand it.
	 */
	public java.util.Set<String> inputs(String processKey) {
		return this.contracts.of(latest(processKey).getId())
			.inputs()
			.stream()
			.map(InputField::name)
			.collect(java.util.stream.Collectors.toSet());
	}

	/** The outputs the latest version of a process declares (its run's output). */
	public List<String> outputs(String processKey) {
		return this.contracts.of(latest(processKey).getId()).outputs();
	}

	private ProcessDefinition latest(String processKey) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(processKey)
			.latestVersion()
			.singleResult();
		if (definition == null) {
			throw new IllegalArgumentException("Process '" + processKey
					+ "' is offered as a tool (toolProcesses) but is not deployed. Deploy it, or fix the name, then retry.");
		}
		return definition;
	}

	private JsonSchemaElement schema(InputField input) {
		String description = (input.label() != null) ? input.label() : input.name();
		return switch (input.type()) {
			case NUMBER -> JsonNumberSchema.builder().description(description).build();
			case LOOP_COUNT -> JsonIntegerSchema.builder().description(description).build();
			case FLAG -> JsonBooleanSchema.builder().description(description).build();
			case CHOICE -> JsonEnumSchema.builder().enumValues(input.values()).description(description).build();
			case AGENT -> JsonEnumSchema.builder().enumValues(agentNames(input)).description(description).build();
			case AGENTS -> JsonArraySchema.builder()
				.items(JsonEnumSchema.builder().enumValues(agentNames(input)).build())
				.description(description)
				.build();
			case CHOICES -> JsonArraySchema.builder()
				.items(JsonEnumSchema.builder().enumValues(input.values()).build())
				.description(description)
				.build();
			default -> JsonStringSchema.builder().description(description).build();
		};
	}

	private List<String> agentNames(InputField input) {
		return input.values().isEmpty() ? this.agents.all().stream().map(AgentDefinition::name).toList()
				: input.values();
	}

}
