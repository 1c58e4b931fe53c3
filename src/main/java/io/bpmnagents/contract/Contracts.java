package io.bpmnagents.contract;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.pvm.ReadOnlyProcessDefinition;

import org.springframework.stereotype.Component;

/**
 * The contract of a deployed process version, as its model declares it (see
 * {@link FormContracts}); empty for a process whose model declares none.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class Contracts {

	private final RepositoryService repository;

	private final Map<String, ProcessContract> known = new ConcurrentHashMap<>();

	/**
	 * The version's contract; one with no inputs and outputs when its model declares
	 * none.
	 */
	public ProcessContract of(String processDefinitionId) {
		// A deployed version never changes, and the engine looks its definition up in
		// the database on every call before it takes its parsed one from the cache: a
		// read per run view. Kept per version for the node's life (a few per deployment).
		return this.known.computeIfAbsent(processDefinitionId, this::parsed);
	}

	private ProcessContract parsed(String processDefinitionId) {
		// The engine's cached, parsed definition, where the parse listener left the
		// contract.
		Object definition = ((org.camunda.bpm.engine.impl.RepositoryServiceImpl) this.repository)
			.getDeployedProcessDefinition(processDefinitionId);
		Object contract = ((ReadOnlyProcessDefinition) definition).getProperty(ContractParseListener.CONTRACT);
		return (contract instanceof ProcessContract found) ? found : ProcessContract.NONE;
	}

}
