package io.bpmnagents.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.bpmnagents.process.PlainValues;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The parts of a run's view read from the engine: its status, what holds it up
 * (incidents, tasks for people) and its output, over the run and every process it called.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunParts {

	/** End events whose id starts with this mark a run that ended on an error path. */
	static final String FAILED_END_PREFIX = "EndEvent_Failed";

	private final RuntimeService runtime;

	private final HistoryService history;

	private final TaskService tasks;

	private final JdbcClient jdbc;

	/**
	 * The variables a view of the run needs, in one statement: every variable of the
	 * run's own process instance (its output) and the end variables of the processes it
	 * called (how it ended). Serialized: the view shows object values as the JSON they
	 * are stored as, and never instantiates a class a variable names.
	 */
	List<HistoricVariableInstance> variables(String id) {
		return this.history.createNativeHistoricVariableInstanceQuery()
			.sql("SELECT * FROM ACT_HI_VARINST WHERE ROOT_PROC_INST_ID_ = #{run} "
					+ "AND (STATE_ IS NULL OR STATE_ <> 'DELETED') " + "AND (PROC_INST_ID_ = #{run} OR NAME_ IN ('"
					+ END_CODE + "', '" + END_MESSAGE + "', '" + ENDED_BY + "')) ORDER BY ID_")
			.parameter("run", id)
			.disableCustomObjectDeserialization()
			.list();
	}

	/**
	 * The run's process instance and those it called while it runs, none once it ended:
	 * read once per view, for its incidents, tasks and the outputs called processes hold.
	 */
	List<String> running(HistoricProcessInstance run) {
		return (run.getEndTime() != null) ? List.of() : processInstances(run.getId());
	}

	/**
	 * How a run stands or ended, and what ended it. A run stopped through the API (or
	 * cancelled in Cockpit) is deleted: STOPPED. A run that ended through a pattern's
	 * 'Run ends early' event subprocess carries the BPMN error's code in
	 * {@value #END_CODE}: {@value #DEADLINE_PASSED} is TIMED_OUT, {@value #RUN_CANCELLED}
	 * STOPPED, any other (such as BUDGET_EXHAUSTED) FAILED. A conversation names its own
	 * condition in {@value #ENDED_BY}.
	 */
	Ending ending(HistoricProcessInstance instance) {
		return ending(instance, () -> variables(instance.getId()));
	}

	/** How the run stands or ended, from its {@link #variables} once it completed. */
	Ending ending(HistoricProcessInstance instance, Supplier<List<HistoricVariableInstance>> variables) {
		return switch (instance.getState()) {
			case HistoricProcessInstance.STATE_ACTIVE, HistoricProcessInstance.STATE_SUSPENDED ->
				new Ending(RunView.Status.RUNNING, null, null);
			case HistoricProcessInstance.STATE_EXTERNALLY_TERMINATED ->
				new Ending(RunView.Status.STOPPED, "stop", instance.getDeleteReason());
			// A terminate end event (which also ends a waiting 'Deadline') ends the
			// instance as internally terminated.
			case HistoricProcessInstance.STATE_COMPLETED, HistoricProcessInstance.STATE_INTERNALLY_TERMINATED ->
				completed(instance.getId(), variables.get());
			default -> new Ending(RunView.Status.FAILED, "error", instance.getDeleteReason());
		};
	}

	/** A run's status and what ended it. */
	record Ending(RunView.Status status, String endedBy, String message) {
	}

	static final String END_CODE = "endCode";

	static final String END_MESSAGE = "endMessage";

	static final String ENDED_BY = "endedBy";

	static final String DEADLINE_PASSED = "DEADLINE_PASSED";

	static final String RUN_CANCELLED = "RUN_CANCELLED";

	static final String BUDGET_EXHAUSTED = "BUDGET_EXHAUSTED";

	/** A spent quota across runs (package {@code quota}). */
	static final String QUOTA_EXHAUSTED = "QUOTA_EXHAUSTED";

	private Ending completed(String id, List<HistoricVariableInstance> variables) {
		Map<String, Map<String, Object>> byInstance = new LinkedHashMap<>();
		variables.stream()
			.filter((variable) -> END_CODE.equals(variable.getName()) || END_MESSAGE.equals(variable.getName())
					|| ENDED_BY.equals(variable.getName()))
			.forEach((variable) -> byInstance.computeIfAbsent(variable.getProcessInstanceId(), (k) -> new HashMap<>())
				.put(variable.getName(), PlainValues.of(variable.getTypedValue())));
		// The run's own ending first, then one of a process it called.
		Map<String, Object> ended = byInstance.containsKey(id) && byInstance.get(id).get(END_CODE) != null
				? byInstance.get(id)
				: byInstance.values()
					.stream()
					.filter((values) -> values.get(END_CODE) != null)
					.findFirst()
					.orElse(null);
		if (ended != null) {
			String code = String.valueOf(ended.get(END_CODE));
			String message = (ended.get(END_MESSAGE) != null) ? String.valueOf(ended.get(END_MESSAGE)) : null;
			return switch (code) {
				case DEADLINE_PASSED -> new Ending(RunView.Status.TIMED_OUT, "deadline", message);
				case RUN_CANCELLED -> new Ending(RunView.Status.STOPPED, "stop", message);
				case BUDGET_EXHAUSTED -> new Ending(RunView.Status.FAILED, "budget", message);
				case QUOTA_EXHAUSTED -> new Ending(RunView.Status.FAILED, "quota", message);
				default -> new Ending(RunView.Status.FAILED, "error", code + ((message != null) ? ": " + message : ""));
			};
		}
		if (endedOnErrorPath(id)) {
			return new Ending(RunView.Status.FAILED, null, null);
		}
		Object endedBy = byInstance.getOrDefault(id, Map.of()).get(ENDED_BY);
		return new Ending(RunView.Status.COMPLETED, (endedBy != null) ? endedBy.toString() : null, null);
	}

	/**
	 * Whether the run, or a process it called, ended on a failure end event: one
	 * statement over the whole tree, as the run list tells it ({@code RunHistory}).
	 */
	private boolean endedOnErrorPath(String id) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM ACT_HI_ACTINST WHERE ROOT_PROC_INST_ID_ = :run "
					+ "AND END_TIME_ IS NOT NULL AND ACT_ID_ LIKE :failed")
			.param("run", id)
			.param("failed", FAILED_END_PREFIX + "%")
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Open incidents of the run and the processes it called, where they arose: a failure
	 * in a called process also marks the call activity, with no message of its own.
	 */
	List<RunView.IncidentView> incidents(List<String> running) {
		return running.stream()
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
	List<RunView.UserTaskView> userTasks(List<String> instances) {
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
	Map<String, Object> output(String id, List<String> declared, List<HistoricVariableInstance> variables,
			List<String> running) {
		boolean all = declared.isEmpty();
		List<String> outputs = new ArrayList<>(declared);
		Map<String, Object> output = new LinkedHashMap<>();
		for (HistoricVariableInstance variable : variables) {
			boolean processScope = id.equals(variable.getActivityInstanceId());
			boolean wanted = all || outputs.contains(variable.getName());
			// The value only of a wanted variable: an object's value is a read of its
			// own.
			Object value = (wanted && processScope) ? PlainValues.of(variable.getTypedValue()) : null;
			if (value != null) {
				output.put(variable.getName(), value);
			}
		}
		if (all) {
			return output;
		}
		output.putAll(heldByCalledProcesses(id, outputs, running));
		Map<String, Object> ordered = new LinkedHashMap<>();
		outputs.stream().filter(output::containsKey).forEach((name) -> ordered.put(name, output.get(name)));
		return ordered;
	}

	/**
	 * Outputs that a process the run called holds while it runs: a call activity hands
	 * its variables back only when it ends, yet they are the run's current values, e.g.
	 * the result a person is reviewing and an agent reworks in result-approval.
	 */
	private Map<String, Object> heldByCalledProcesses(String id, List<String> outputs, List<String> running) {
		Map<String, Object> held = new LinkedHashMap<>();
		for (String instance : running) {
			if (instance.equals(id)) {
				continue;
			}
			VariableMap values = this.runtime.getVariablesLocalTyped(instance, outputs, false);
			values.keySet().forEach((name) -> {
				Object value = PlainValues.of(values.getValueTyped(name));
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
