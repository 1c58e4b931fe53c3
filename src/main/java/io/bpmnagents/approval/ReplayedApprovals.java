package io.bpmnagents.approval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.bpmnagents.process.Variable;
import io.bpmnagents.replay.RunInputs;
import jakarta.annotation.PreDestroy;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People's decisions in replays: result approvals ({@link #RESULT}) and the decisions on
 * stalled agents ({@link #STALL}). Each decision is kept with its task (task-local,
 * beside {@code decidedBy}); a replay's task of the same kind takes the decision of the
 * original's task at the same place (the first, the second, …) instead of waiting for a
 * person, once the task is created: completed by the app, with {@code decidedBy} the
 * original's decider and {@code replayOf} the original's task, which marks the decision
 * as re-delivered. A replay whose original has no decision there (it was stopped while
 * waiting, or decided before decisions were kept) waits for a person.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ReplayedApprovals {

	/** The task-local variable naming the original's task whose decision was taken. */
	static final String REPLAY_OF = "replayOf";

	/** A result approval: approved, and a comment. */
	static final Decision RESULT = new Decision(Set.of(ResultApproval.APPROVE_TASK), ResultApproval.APPROVED,
			List.of(ResultApproval.COMMENT));

	/** A decision on stalled agents: how they go on, and an instruction. */
	static final Decision STALL = new Decision(StallDecision.TASKS, StallDecision.DECISION_VARIABLE,
			List.of(StallDecision.INSTRUCTION));

	/**
	 * A kind of decision: its user tasks (by id in the diagram), the variable a decision
	 * always has, and the others a completion carries (a missing text is given as empty).
	 */
	record Decision(Set<String> tasks, Variable<?> required, List<Variable<String>> texts) {
	}

	private static final Logger log = LoggerFactory.getLogger(ReplayedApprovals.class);

	private final RunInputs inputs;

	private final HistoryService history;

	private final TaskService tasks;

	private final TransactionTemplate transaction;

	private final ExecutorService deliveries = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "replayed-approvals");
		thread.setDaemon(true);
		return thread;
	});

	/** Keeps a decision with its task, for replays of this run. */
	void keep(DelegateTask task, Decision kind) {
		task.setVariableLocal(kind.required().name(), task.getVariable(kind.required().name()));
		kind.texts().forEach((text) -> task.setVariableLocal(text.name(), task.getVariable(text.name())));
	}

	/**
	 * In a replay, completes a new task with the original's decision there, after the
	 * transaction that created the task commits.
	 */
	void redeliver(DelegateTask task, Decision kind) {
		String run = ((ExecutionEntity) task.getExecution()).getRootProcessInstanceId();
		this.inputs.modeOf(run).ifPresent((mode) -> {
			// The replay's tasks so far (this one is not written yet) tell which of the
			// original's answers this one.
			// A modeller's own flow names its decision tasks as it likes.
			Set<String> keys = new HashSet<>(kind.tasks());
			keys.add(task.getTaskDefinitionKey());
			int place = decided(run, keys).size();
			List<HistoricTaskInstance> decided = decided(mode.original(), keys);
			if (place >= decided.size()) {
				return;
			}
			HistoricTaskInstance original = decided.get(place);
			Map<String, Object> decision = decision(original.getId());
			if (decision.get(kind.required().name()) == null) {
				return;
			}
			String taskId = task.getId();
			Context.getCommandContext()
				.getTransactionContext()
				.addTransactionListener(TransactionState.COMMITTED,
						(committed) -> this.deliveries.execute(() -> complete(taskId, original, decision, kind)));
		});
	}

	private void complete(String taskId, HistoricTaskInstance original, Map<String, Object> decision, Decision kind) {
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.tasks.setVariablesLocal(taskId, Map.of(ResultApproval.DECIDED_BY.name(),
						String.valueOf(decision.get(ResultApproval.DECIDED_BY.name())), REPLAY_OF, original.getId()));
				VariableMap variables = Variables.createVariables()
					.putValueTyped(kind.required().name(),
							Variables.untypedValue(decision.get(kind.required().name())));
				for (Variable<String> text : kind.texts()) {
					Object value = decision.get(text.name());
					variables.putValueTyped(text.name(), text.typed((value != null) ? value.toString() : ""));
				}
				this.tasks.complete(taskId, variables);
			});
		}
		catch (RuntimeException ex) {
			// Stopped, or decided by a person meanwhile: the task shows what happened.
			log.warn("The recorded decision of task {} could not be given to task {}: {}", original.getId(), taskId,
					ex.getMessage());
		}
	}

	/** A run's tasks of this kind, in the order they were created. */
	private List<HistoricTaskInstance> decided(String run, Set<String> keys) {
		return this.history.createHistoricTaskInstanceQuery()
			.rootProcessInstanceId(run)
			.taskDefinitionKeyIn(keys.toArray(String[]::new))
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.list();
	}

	/** The decision kept with a task, with decidedBy. */
	private Map<String, Object> decision(String taskId) {
		Map<String, Object> decision = new HashMap<>();
		for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
			.taskIdIn(taskId)
			.list()) {
			decision.put(variable.getName(), variable.getValue());
		}
		return decision;
	}

	@PreDestroy
	void stop() {
		this.deliveries.shutdownNow();
	}

}
