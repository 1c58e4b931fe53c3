package io.bpmnagents.a2aserver;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.a2a.spec.AgentCapabilities;
import io.a2a.spec.AgentCard;
import io.a2a.spec.AgentSkill;
import io.a2a.spec.HTTPAuthSecurityScheme;
import io.a2a.spec.TransportProtocol;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.InputField;
import io.bpmnagents.contract.ProcessContract;
import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunOperations;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent card of each process, for its latest version: name and description from the
 * process, one skill whose description lists the start form's inputs, JSON-RPC at
 * {@code /a2a/<process key>}, HTTP Basic as its security scheme. A caller sees the cards
 * of the processes they may start (the grants {@code POST /api/runs} checks), no others.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class ProcessAgentCards {

	private static final Logger logger = LoggerFactory.getLogger(ProcessAgentCards.class);

	private static final String BASIC = "basic";

	private final RepositoryService repository;

	private final Contracts contracts;

	private final RunAccess access;

	private final RunOperations runs;

	/** The cards of every process the caller may start. */
	List<AgentCard> all(String base) {
		List<ProcessDefinition> latest = this.access.asApp(() -> this.repository.createProcessDefinitionQuery()
			.latestVersion()
			.orderByProcessDefinitionKey()
			.asc()
			.list());
		return latest.stream()
			.filter((definition) -> this.runs.mayStart(definition.getKey()))
			.map((definition) -> card(definition, base))
			.flatMap(Optional::stream)
			.toList();
	}

	/** The process's card, when it is deployed; whether the caller may start it aside. */
	Optional<AgentCard> of(String process, String base) {
		return latest(process).flatMap((definition) -> card(definition, base));
	}

	/** The contract of the process's latest version, when it is deployed. */
	Optional<ProcessContract> contract(String process) {
		return latest(process).map((definition) -> this.access.asApp(() -> this.contracts.of(definition.getId())));
	}

	private Optional<ProcessDefinition> latest(String process) {
		return Optional.ofNullable(this.access.asApp(() -> this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(process)
			.latestVersion()
			.singleResult()));
	}

	private Optional<AgentCard> card(ProcessDefinition definition, String base) {
		ProcessContract contract;
		String documentation;
		try {
			contract = this.access.asApp(() -> this.contracts.of(definition.getId()));
			documentation = this.access
				.asApp(() -> this.repository.getProcessDefinition(definition.getId()).getDescription());
		}
		catch (RuntimeException ex) {
			// A version that no longer parses (it names an agent the configuration
			// dropped) is no agent; the others are.
			logger.warn("Process '{}' is not offered over A2A: {}", definition.getKey(), ex.getMessage());
			return Optional.empty();
		}
		String key = definition.getKey();
		String name = (definition.getName() != null) ? definition.getName() : key;
		String description = (documentation != null && !documentation.isBlank()) ? documentation
				: "Starts a run of the process '" + key + "'.";
		AgentSkill skill = new AgentSkill.Builder().id(key)
			.name(name)
			.description(description + " " + inputs(contract))
			.tags(List.of("process", key))
			.inputModes(List.of("application/json", "text/plain"))
			.outputModes(List.of("application/json"))
			.build();
		return Optional.of(new AgentCard.Builder().name(name)
			.description(description)
			.url(base + A2aEndpoint.PATH + "/" + key)
			.version(String.valueOf(definition.getVersion()))
			.preferredTransport(TransportProtocol.JSONRPC.asString())
			.capabilities(new AgentCapabilities.Builder().streaming(false)
				.pushNotifications(false)
				.stateTransitionHistory(false)
				.build())
			.defaultInputModes(List.of("application/json", "text/plain"))
			.defaultOutputModes(List.of("application/json"))
			.skills(List.of(skill))
			.securitySchemes(Map.of(BASIC,
					new HTTPAuthSecurityScheme(null, "basic", "HTTP Basic with a Camunda user, as for /api/runs")))
			.security(List.of(Map.of(BASIC, List.of())))
			.build());
	}

	/** The inputs, in words: what a data part carries (and where a text goes). */
	private static String inputs(ProcessContract contract) {
		if (!contract.declaresInputs()) {
			return "Send the inputs as a data part (any object); a text goes into 'task'.";
		}
		String fields = contract.inputs()
			.stream()
			.map((field) -> "'" + field.name() + "' (" + field.type().expected()
					+ (field.required() && field.defaultValue() == null ? ", required" : "") + ")")
			.collect(Collectors.joining(", "));
		String text = MessageInputs.textField(contract)
			.map(InputField::name)
			.map((field) -> "; a text goes into '" + field + "'")
			.orElse("");
		return "Send the inputs as a data part: " + fields + text + ".";
	}

}
