package io.bpmnagents.run;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.bpmnagents.process.PlainValues;
import io.bpmnagents.transcript.Usage;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.history.event.HistoricProcessInstanceEventEntity;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.IncidentEntity;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.impl.persistence.entity.VariableInstanceEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * Starts a run and tells what the start made of it, without reading it back: the start's
 * engine command still holds everything it created (the run, the processes it called, the
 * tasks waiting for people, incidents, variables) in its entity cache, so the view that
 * {@code POST /api/runs} answers with costs no statement. It is the view a read right
 * after the commit gives ({@link RunService#view(String)}); a run that ended within its
 * start is read back as before, because how it ended is told by its history.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class StartedRuns {

	private static final Usage NO_USAGE = new Usage(0, 0, 0, BigDecimal.ZERO.setScale(6));

	private final CommandExecutor engine;

	private final RuntimeService runtime;

	/**
	 * Starts a run of the process version and returns its view, or a view with only its
	 * id when it ended within the start (to be read back once committed).
	 * @param outputs the outputs the version's contract declares (none: every variable)
	 */
	Started start(ProcessDefinition definition, String businessKey, VariableMap variables, List<String> outputs) {
		// One command, or part of the one the worker's takeover runs: the cache is the
		// start's.
		return this.engine.execute((context) -> {
			ProcessInstance instance = this.runtime.startProcessInstanceById(definition.getId(), businessKey,
					variables);
			DbEntityCache cache = context.getDbEntityManager().getDbEntityCache();
			HistoricProcessInstanceEventEntity started = created(cache, HistoricProcessInstanceEventEntity.class)
				.filter((event) -> instance.getId().equals(event.getProcessInstanceId()))
				.findFirst()
				.orElse(null);
			if (instance.isEnded() || started == null) {
				return new Started(instance.getId(), null);
			}
			return new Started(instance.getId(), view(cache, instance, definition, started, outputs));
		});
	}

	/** A started run's id and its view, {@code null} when it must be read back. */
	record Started(String id, RunView view) {
	}

	private static RunView view(DbEntityCache cache, ProcessInstance run, ProcessDefinition definition,
			HistoricProcessInstanceEventEntity started, List<String> outputs) {
		String id = run.getId();
		// The run's process instance and those it called that still run.
		Set<String> instances = created(cache, ExecutionEntity.class)
			.filter((execution) -> execution.isProcessInstanceExecution() && !execution.isEnded()
					&& id.equals(execution.getRootProcessInstanceId()))
			.map(ExecutionEntity::getId)
			.collect(Collectors.toSet());
		List<RunView.IncidentView> incidents = created(cache, IncidentEntity.class)
			.filter((incident) -> instances.contains(incident.getProcessInstanceId())
					&& incident.getId().equals(incident.getRootCauseIncidentId()))
			.sorted(Comparator.comparing(IncidentEntity::getIncidentTimestamp))
			.map((incident) -> new RunView.IncidentView(incident.getId(), incident.getActivityId(),
					incident.getIncidentType(), incident.getIncidentMessage(),
					RunParts.instant(incident.getIncidentTimestamp())))
			.toList();
		List<RunView.UserTaskView> tasks = created(cache, TaskEntity.class)
			.filter((task) -> instances.contains(task.getProcessInstanceId()))
			.sorted(Comparator.comparing(TaskEntity::getCreateTime))
			.map((task) -> new RunView.UserTaskView(task.getId(), task.getTaskDefinitionKey(), task.getName(),
					task.getAssignee(), RunParts.instant(task.getCreateTime())))
			.toList();
		return new RunView(id, run.getBusinessKey(), definition.getKey(), definition.getVersion(),
				RunView.Status.RUNNING, incidents, tasks, output(cache, id, instances, outputs),
				RunParts.instant(started.getStartTime()), null, NO_USAGE, null, null);
	}

	/**
	 * The outputs as {@link RunParts#output} tells them: the run's own process variables
	 * (every one when the contract declares none), then what a called process holds.
	 */
	private static Map<String, Object> output(DbEntityCache cache, String id, Set<String> instances,
			List<String> declared) {
		Map<String, Object> own = new LinkedHashMap<>();
		Map<String, Object> held = new LinkedHashMap<>();
		created(cache, VariableInstanceEntity.class)
			.filter((variable) -> instances.contains(variable.getProcessInstanceId())
					&& variable.getProcessInstanceId().equals(variable.getVariableScopeId()))
			.sorted(Comparator.comparing(VariableInstanceEntity::getId))
			.forEach((variable) -> {
				boolean wanted = declared.isEmpty() || declared.contains(variable.getName());
				Object value = wanted ? PlainValues.of(variable.getTypedValue(false)) : null;
				if (value != null) {
					(id.equals(variable.getProcessInstanceId()) ? own : held).put(variable.getName(), value);
				}
			});
		if (declared.isEmpty()) {
			return own;
		}
		own.putAll(held);
		Map<String, Object> ordered = new LinkedHashMap<>();
		declared.stream().filter(own::containsKey).forEach((name) -> ordered.put(name, own.get(name)));
		return ordered;
	}

	/** What the command created of a kind and still holds: new, not deleted again. */
	private static <T extends DbEntity> Stream<T> created(DbEntityCache cache, Class<T> type) {
		return cache.getEntitiesByType(type).stream().filter(cache::isTransient);
	}

}
