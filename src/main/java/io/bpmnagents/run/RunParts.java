package io.bpmnagents.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * The parts of a run's view read from the engine: its status, what holds it up
 * (incidents, tasks for people) and its output, over the run and every process it called.
 */
class RunParts {

	/** End events whose id starts with this mark a run that ended on an error path. */
	static final String FAILED_END_PREFIX = "EndEvent_Failed";

	private final RuntimeService runtime;

	private final HistoryService history;

	private final TaskService tasks;

	RunParts(RuntimeService runtime, HistoryService history, TaskService tasks) {
		this.runtime = runtime;
		this.history = history;
		this.tasks = tasks;
	}

	RunView.Status status(HistoricProcessInstance instance) {
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
	List<RunView.IncidentView> incidents(String id) {
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
	List<RunView.UserTaskView> userTasks(String id) {
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

	/**
	 * The run's output: the variables its process declares as outputs, or every variable
	 * of the run when it declares none.
	 */
	Map<String, Object> output(String id, List<String> declared) {
		boolean all = declared.isEmpty();
		List<String> outputs = new ArrayList<>(declared);
		Map<String, Object> output = new LinkedHashMap<>();
		List<HistoricVariableInstance> variables = this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(id)
			.list();
		for (HistoricVariableInstance variable : variables) {
			boolean processScope = id.equals(variable.getActivityInstanceId());
			boolean wanted = all || outputs.contains(variable.getName());
			if (wanted && processScope && variable.getValue() != null) {
				output.put(variable.getName(), variable.getValue());
			}
		}
		if (all) {
			return output;
		}
		output.putAll(heldByCalledProcesses(id, outputs));
		Map<String, Object> ordered = new LinkedHashMap<>();
		outputs.stream().filter(output::containsKey).forEach((name) -> ordered.put(name, output.get(name)));
		return ordered;
	}

	/**
	 * Outputs that a process the run called holds while it runs: a call activity hands
	 * its variables back only when it ends, yet they are the run's current values, e.g.
	 * the result a person is reviewing and an agent reworks in result-approval.
	 */
	private Map<String, Object> heldByCalledProcesses(String id, List<String> outputs) {
		Map<String, Object> held = new LinkedHashMap<>();
		List<ProcessInstance> called = this.runtime.createProcessInstanceQuery().rootProcessInstanceId(id).list();
		for (ProcessInstance instance : called) {
			if (instance.getId().equals(id)) {
				continue;
			}
			this.runtime.getVariablesLocal(instance.getId(), outputs).forEach((name, value) -> {
				if (value != null) {
					held.put(name, value);
				}
			});
		}
		return held;
	}

	static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

}
