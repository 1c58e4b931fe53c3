package io.bpmnagents.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
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

	/** End events whose id starts with this mark a run that ended on an error path. */
	static final String FAILED_END_PREFIX = "EndEvent_Failed";

	private final Map<String, ProcessContract> contracts;

	private final RuntimeService runtime;

	private final HistoryService history;

	private final RepositoryService repository;

	private final TranscriptStore transcript;

	private final UsageCalculator usage;

	private final AgentRegistry agents;

	private final RunsProperties properties;

	private final TaskService tasks;

	RunService(List<ProcessContract> contracts, RuntimeService runtime, HistoryService history,
			RepositoryService repository, TranscriptStore transcript, UsageCalculator usage, AgentRegistry agents,
			RunsProperties properties, TaskService tasks) {
		this.contracts = contracts.stream().collect(Collectors.toMap(ProcessContract::processKey, Function.identity()));
		this.runtime = runtime;
		this.history = history;
		this.repository = repository;
		this.transcript = transcript;
		this.usage = usage;
		this.agents = agents;
		this.properties = properties;
		this.tasks = tasks;
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

	public RunView view(String id) {
		HistoricProcessInstance instance = this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(id)
			.singleResult();
		if (instance == null) {
			throw new RunNotFoundException(id);
		}
		ProcessContract contract = this.contracts.get(instance.getProcessDefinitionKey());
		ProcessDefinition definition = this.repository.getProcessDefinition(instance.getProcessDefinitionId());
		return new RunView(id, instance.getProcessDefinitionKey(), definition.getVersion(), status(instance),
				incidents(id), userTasks(id), output(id, contract), instant(instance.getStartTime()),
				instant(instance.getEndTime()), this.usage.of(id));
	}

	public List<TranscriptEntry> transcript(String id) {
		view(id);
		return this.transcript.forRun(id);
	}

	private RunView.Status status(HistoricProcessInstance instance) {
		return switch (instance.getState()) {
			case HistoricProcessInstance.STATE_ACTIVE, HistoricProcessInstance.STATE_SUSPENDED ->
				RunView.Status.RUNNING;
			case HistoricProcessInstance.STATE_COMPLETED ->
				endedOnErrorPath(instance.getId()) ? RunView.Status.FAILED : RunView.Status.COMPLETED;
			default -> RunView.Status.FAILED;
		};
	}

	/** Whether the run, or a process it called, ended on a failure end event. */
	private boolean endedOnErrorPath(String id) {
		return this.history.createHistoricProcessInstanceQuery()
			.rootProcessInstanceId(id)
			.list()
			.stream()
			.flatMap((instance) -> this.history.createHistoricActivityInstanceQuery()
				.processInstanceId(instance.getId())
				.finished()
				.list()
				.stream())
			.map(HistoricActivityInstance::getActivityId)
			.anyMatch((activity) -> activity != null && activity.startsWith(FAILED_END_PREFIX));
	}

	/**
	 * Open incidents of the run and the processes it called, where they arose: a failure
	 * in a called process also marks the call activity, with no message of its own.
	 */
	private List<RunView.IncidentView> incidents(String id) {
		return processInstances(id).stream()
			.flatMap((instance) -> this.runtime.createIncidentQuery().processInstanceId(instance).list().stream())
			.filter((incident) -> incident.getId().equals(incident.getRootCauseIncidentId()))
			.sorted(Comparator.comparing(Incident::getIncidentTimestamp))
			.map((incident) -> new RunView.IncidentView(incident.getId(), incident.getActivityId(),
					incident.getIncidentType(), incident.getIncidentMessage(),
					instant(incident.getIncidentTimestamp())))
			.toList();
	}

	/** The run's process instance and those it called, while they run. */
	private List<String> processInstances(String id) {
		return this.runtime.createProcessInstanceQuery()
			.rootProcessInstanceId(id)
			.list()
			.stream()
			.map(ProcessInstance::getId)
			.toList();
	}

	/**
	 * Open user tasks of the run and the processes it called, e.g. an approval waiting in
	 * Tasklist.
	 */
	private List<RunView.UserTaskView> userTasks(String id) {
		List<String> instances = processInstances(id);
		if (instances.isEmpty()) {
			return List.of();
		}
		return this.tasks.createTaskQuery()
			.processInstanceIdIn(instances.toArray(String[]::new))
			.orderByTaskCreateTime()
			.asc()
			.list()
			.stream()
			.map((task) -> new RunView.UserTaskView(task.getId(), task.getTaskDefinitionKey(), task.getName(),
					task.getAssignee(), instant(task.getCreateTime())))
			.toList();
	}

	private Map<String, Object> output(String id, ProcessContract contract) {
		List<String> outputs = new ArrayList<>();
		if (contract != null) {
			outputs.addAll(contract.outputs());
			outputs.addAll(ResultApproval.outputs());
		}
		Map<String, Object> output = new LinkedHashMap<>();
		List<HistoricVariableInstance> variables = this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(id)
			.list();
		for (HistoricVariableInstance variable : variables) {
			boolean processScope = id.equals(variable.getActivityInstanceId());
			boolean wanted = (contract != null) ? outputs.contains(variable.getName()) : processScope;
			if (wanted && processScope && variable.getValue() != null) {
				output.put(variable.getName(), variable.getValue());
			}
		}
		if (contract != null) {
			underReview(id).ifPresent((result) -> output.put(ResultApproval.RESULT.name(), result));
			Map<String, Object> ordered = new LinkedHashMap<>();
			outputs.stream().filter(output::containsKey).forEach((name) -> ordered.put(name, output.get(name)));
			return ordered;
		}
		return output;
	}

	/**
	 * The result a person is reviewing, reworked perhaps: it reaches the run's own
	 * variables only when the review ends, but it is the run's current result.
	 */
	private Optional<Object> underReview(String id) {
		return this.runtime.createProcessInstanceQuery()
			.rootProcessInstanceId(id)
			.processDefinitionKey(ResultApproval.KEY)
			.list()
			.stream()
			.map((review) -> this.runtime.getVariable(review.getId(), ResultApproval.RESULT.name()))
			.filter(Objects::nonNull)
			.findFirst();
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

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
