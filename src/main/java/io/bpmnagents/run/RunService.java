package io.bpmnagents.run;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.approval.ResultApproval;
import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.stereotype.Service;

/**
 * Starts runs and tells what became of them, from the engine's history and the
 * transcript.
 */
@Service
public class RunService {

	private final Map<String, ProcessContract> contracts;

	private final RuntimeService runtime;

	private final HistoryService history;

	private final RepositoryService repository;

	private final TranscriptStore transcript;

	private final UsageCalculator usage;

	private final AgentRegistry agents;

	private final RunsProperties properties;

	private final RunParts parts;

	private final RunAccess access;

	RunService(List<ProcessContract> contracts, RuntimeService runtime, HistoryService history,
			RepositoryService repository, TranscriptStore transcript, UsageCalculator usage, AgentRegistry agents,
			RunsProperties properties, TaskService tasks, RunAccess access) {
		this.contracts = contracts.stream().collect(Collectors.toMap(ProcessContract::processKey, Function.identity()));
		this.runtime = runtime;
		this.history = history;
		this.repository = repository;
		this.transcript = transcript;
		this.usage = usage;
		this.agents = agents;
		this.properties = properties;
		this.parts = new RunParts(runtime, history, tasks);
		this.access = access;
	}

	public RunView start(String process, Map<String, Object> input) {
		if (process == null || process.isBlank()) {
			throw new InvalidInputException("process", "Field 'process' is required: one of " + deployedKeys() + ".");
		}
		if (latestDefinition(process) == null) {
			throw new InvalidInputException("process",
					"Unknown process '" + process + "'. Deployed processes: " + deployedKeys() + ".");
		}
		ProcessContract contract = this.contracts.get(process);
		RunInput given = new RunInput(input, this.agents, this.properties.maxLoopCount());
		String approvalField = ResultApproval.REQUIRE_APPROVAL.name();
		boolean approval = given.flag(approvalField, false);
		VariableMap variables = (contract != null) ? contract.startVariables(given.without(approvalField))
				: asGiven(input);
		if (approval && contract != null && !contract.hasResultToApprove(variables)) {
			throw new InvalidInputException(approvalField,
					"Input field '" + approvalField + "' needs one result to approve, and this run has none "
							+ "(a parallel-fanout broadcast, synthesizer \"none\", ends with the answers). "
							+ "Name a synthesizer, or leave approval off.");
		}
		variables.putAll(ResultApproval.startVariables(approval));
		ProcessInstance instance = this.runtime.startProcessInstanceByKey(process, variables);
		return view(instance.getId());
	}

	/** The run, if the current person may see it ({@link RunAccess}). */
	public RunView view(String id) {
		return this.access.read(id, this::view);
	}

	private RunView view(HistoricProcessInstance instance) {
		String id = instance.getId();
		ProcessContract contract = this.contracts.get(instance.getProcessDefinitionKey());
		ProcessDefinition definition = this.repository.getProcessDefinition(instance.getProcessDefinitionId());
		return new RunView(id, instance.getProcessDefinitionKey(), definition.getVersion(), this.parts.status(instance),
				this.parts.incidents(id), this.parts.userTasks(id), this.parts.output(id, contract),
				RunParts.instant(instance.getStartTime()), RunParts.instant(instance.getEndTime()), this.usage.of(id));
	}

	public List<TranscriptEntry> transcript(String id) {
		view(id);
		return this.transcript.forRun(id);
	}

	/**
	 * Input of a process without a contract (one a user deployed): long texts kept whole.
	 */
	private static VariableMap asGiven(Map<String, Object> input) {
		VariableMap variables = Variables.createVariables();
		if (input != null) {
			input.forEach((name, value) -> variables.putValueTyped(name,
					(value instanceof String text && text.length() > 4000) ? Variable.text(name).typed(text)
							: (value instanceof List<?> || value instanceof Map<?, ?>) ? Variables.objectValue(value)
								.serializationDataFormat(Variables.SerializationDataFormats.JSON)
								.create() : Variables.untypedValue(value)));
		}
		return variables;
	}

	private ProcessDefinition latestDefinition(String key) {
		return this.repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().singleResult();
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
