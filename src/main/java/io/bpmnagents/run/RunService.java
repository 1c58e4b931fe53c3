package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.budget.UsageCalculator;
import io.bpmnagents.contract.Contracts;
import io.bpmnagents.contract.InputCheck;
import io.bpmnagents.contract.InputField;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.contract.KnownPeople;
import io.bpmnagents.contract.ProcessContract;
import io.bpmnagents.contract.RunsProperties;
import io.bpmnagents.process.Variable;
import io.bpmnagents.worker.AgentTaskWorker;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.stereotype.Service;

/**
 * Starts runs and tells what became of them, from the engine's history and the
 * transcript. A run's input is checked against the contract its process version declares
 * in its deployed model; a process that declares none takes its input as given.
 */
@Service
public class RunService {

	private final Contracts contracts;

	private final InputCheck check;

	private final RuntimeService runtime;

	private final RepositoryService repository;

	private final TranscriptStore transcript;

	private final UsageCalculator usage;

	private final RunParts parts;

	private final RunAccess access;

	private final AgentTaskWorker worker;

	private final StartedRuns started;

	RunService(Contracts contracts, RuntimeService runtime, RepositoryService repository, TranscriptStore transcript,
			UsageCalculator usage, AgentRegistry agents, RunsProperties properties, RunAccess access,
			KnownPeople people, AgentTaskWorker worker, RunViewQuery query, ProcessEngineConfigurationImpl engine) {
		this.worker = worker;
		this.started = new StartedRuns(engine.getCommandExecutorTxRequired(), runtime);
		this.contracts = contracts;
		this.check = new InputCheck(agents, properties.maxLoopCount(), people);
		this.runtime = runtime;
		this.repository = repository;
		this.transcript = transcript;
		this.usage = usage;
		this.parts = new RunParts(query);
		this.access = access;
	}

	public RunView start(String process, Map<String, Object> input) {
		return start(process, null, input);
	}

	/**
	 * Starts a run of the process's latest version.
	 * @param businessKey the run's business key; {@code null} to have one made
	 * ({@link RunBusinessKeys})
	 */
	public RunView start(String process, String businessKey, Map<String, Object> input) {
		String key = RunBusinessKeys.checked(businessKey);
		if (process == null || process.isBlank()) {
			throw new InvalidInputException("process", "Field 'process' is required: one of " + deployedKeys() + ".");
		}
		ProcessDefinition definition = latestDefinition(process);
		if (definition == null) {
			throw new InvalidInputException("process",
					"Unknown process '" + process + "'. Deployed processes: " + deployedKeys() + ".");
		}
		return start(definition, key, input);
	}

	/**
	 * Starts a run of one version of a process (an evaluation's target), its input
	 * checked against that version's contract as for {@link #start(String, Map)}.
	 */
	public RunView startVersion(String processDefinitionId, Map<String, Object> input) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionId(processDefinitionId)
			.singleResult();
		if (definition == null) {
			throw new InvalidInputException("target", "Unknown process version '" + processDefinitionId + "'.");
		}
		return start(definition, null, input);
	}

	private RunView start(ProcessDefinition definition, String key, Map<String, Object> input) {
		String process = definition.getKey();
		Map<String, Object> given = (input != null) ? BudgetInput.flatten(input) : Map.of();
		ProcessContract contract = this.contracts.of(definition.getId());
		VariableMap variables = Variables.createVariables();
		if (contract.declaresInputs()) {
			InputCheck.onlyFields(accepted(contract), given.keySet());
			this.check.check(contract, given).forEach(variables::putValueTyped);
		}
		// Input the contract does not declare: a process without one, or input handed on
		// to a called process, which checks it when it starts.
		given.forEach((name, value) -> {
			if (!variables.containsKey(name)) {
				variables.putValueTyped(name, asGiven(name, value));
			}
		});
		StartedRuns.Started run;
		try {
			// The run's first agent tasks go to work at once, without a wake-up and
			// fetch.
			run = this.worker.takingOver(() -> this.started.start(definition, key, variables, contract.outputs()));
		}
		catch (BadUserRequestException | AuthorizationException ex) {
			// Bad input, or a process the run would start that its owner may not: the
			// engine's own message names it.
			throw ex;
		}
		catch (ProcessEngineException ex) {
			throw StartRefusedException.of(process, ex, this.repository.getBpmnModelInstance(definition.getId()),
					modelXml(definition.getId()));
		}
		return (run.view() != null) ? run.view() : view(run.id());
	}

	/** The run, if the current person may see it ({@link RunAccess}). */
	public RunView view(String id) {
		RunViewQuery.Parts read = this.access.read(id, this.parts::read, RunViewQuery.Parts::run);
		return view(read.run(), read);
	}

	/** The view of a run already read, and which the current person may see. */
	RunView view(HistoricProcessInstance instance) {
		return view(instance, this.parts.read(instance.getId()));
	}

	private RunView view(HistoricProcessInstance instance, RunViewQuery.Parts read) {
		String id = instance.getId();
		// The contract is the engine's parsed definition's; the version comes with the
		// history row, so neither is a read of its own.
		ProcessContract contract = this.contracts.of(instance.getProcessDefinitionId());
		RunParts.Ending ending = this.parts.ending(instance, () -> read);
		Map<String, Object> output = this.parts.output(id, contract.outputs(), read);
		if (ending.endedBy() != null && contract.outputs().contains(RunParts.ENDED_BY)) {
			// A conversation's output says what ended it, also when its deadline, budget
			// or a stop did.
			output.put(RunParts.ENDED_BY, ending.endedBy());
		}
		return new RunView(id, instance.getBusinessKey(), instance.getProcessDefinitionKey(),
				instance.getProcessDefinitionVersion(), ending.status(), read.incidents(), read.userTasks(), output,
				RunParts.instant(instance.getStartTime()), RunParts.instant(instance.getEndTime()),
				this.usage.sum(read.tokenCounts()), ending.endedBy(), ending.message());
	}

	public List<TranscriptEntry> transcript(String id) {
		// Only whether the person may see the run: the transcript is read apart.
		this.access.read(id, (run) -> run);
		return this.transcript.forRun(id);
	}

	/**
	 * The fields a run may give: the contract's own, and those of the processes it hands
	 * all its variables to (a router's strategies).
	 */
	private Set<String> accepted(ProcessContract contract) {
		Set<String> accepted = new HashSet<>();
		contract.inputs().stream().map(InputField::name).forEach(accepted::add);
		for (String called : contract.handsInputTo()) {
			ProcessDefinition definition = latestDefinition(called);
			if (definition != null) {
				this.contracts.of(definition.getId()).inputs().stream().map(InputField::name).forEach(accepted::add);
			}
		}
		return accepted;
	}

	/**
	 * Long texts, lists and maps kept whole as JSON; other values as they are. Lists and
	 * maps are stored as the plain ones the engine may read back ({@code ArrayList},
	 * {@code LinkedHashMap}): a Java caller's {@code List.of(…)} would be stored under a
	 * JDK-internal class that deserialization refuses, and a task that cannot be read
	 * would stop the worker's fetch.
	 */
	static TypedValue asGiven(String name, Object value) {
		if (value instanceof String text && text.length() > 4000) {
			return Variable.text(name).typed(text);
		}
		if (value instanceof List<?> || value instanceof Map<?, ?>) {
			return Variables.objectValue(plain(value))
				.serializationDataFormat(Variables.SerializationDataFormats.JSON)
				.create();
		}
		return Variables.untypedValue(value);
	}

	private static Object plain(Object value) {
		if (value instanceof List<?> list) {
			List<Object> copy = new ArrayList<>(list.size());
			list.forEach((item) -> copy.add(plain(item)));
			return copy;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((key, item) -> copy.put(key, plain(item)));
			return copy;
		}
		return value;
	}

	private String modelXml(String definitionId) {
		try (java.io.InputStream xml = this.repository.getProcessModel(definitionId)) {
			return new String(xml.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		catch (java.io.IOException | ProcessEngineException ex) {
			return null;
		}
	}

	/**
	 * The newest version of the process that is not suspended (a version held back by an
	 * evaluation's gate is not started), else the newest, whose start the engine refuses
	 * saying why.
	 */
	private ProcessDefinition latestDefinition(String key) {
		List<ProcessDefinition> active = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey(key)
			.active()
			.orderByProcessDefinitionVersion()
			.desc()
			.listPage(0, 1);
		return !active.isEmpty() ? active.get(0)
				: this.repository.createProcessDefinitionQuery()
					.processDefinitionKey(key)
					.latestVersion()
					.singleResult();
	}

	private String deployedKeys() {
		return this.repository.createProcessDefinitionQuery()
			.latestVersion()
			.list()
			.stream()
			.map(ProcessDefinition::getKey)
			.sorted()
			.collect(Collectors.joining(", "));
	}

}
