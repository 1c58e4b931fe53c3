package io.bpmnagents.approval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Result approvals in replays. Each decision is kept with its task (task-local
 * {@code approved} and {@code comment}, beside {@code decidedBy}); a replay's approval
 * task takes the decision of the original's approval at the same place (the first, the
 * second, …) instead of waiting for a person, once the task is created: completed by the
 * app, with {@code decidedBy} the original's decider and {@code replayOf} the original's
 * task, which marks the decision as re-delivered. A replay whose original has no decision
 * there (it was stopped while waiting, or decided before decisions were kept) waits for a
 * person.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ReplayedApprovals {

	/** The task-local variable naming the original's task whose decision was taken. */
	static final String REPLAY_OF = "replayOf";

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
	void keep(DelegateTask task) {
		task.setVariableLocal(ResultApproval.APPROVED.name(), task.getVariable(ResultApproval.APPROVED.name()));
		task.setVariableLocal(ResultApproval.COMMENT.name(), task.getVariable(ResultApproval.COMMENT.name()));
	}

	/**
	 * In a replay, completes a new approval task with the original's decision there,
	 * after the transaction that created the task commits.
	 */
	void redeliver(DelegateTask task) {
		String run = ((ExecutionEntity) task.getExecution()).getRootProcessInstanceId();
		this.inputs.modeOf(run).ifPresent((mode) -> {
			// The replay's approvals so far (this one is not written yet) tell which of
			// the original's answers this one.
			int place = approvals(run).size();
			List<HistoricTaskInstance> decided = approvals(mode.original());
			if (place >= decided.size()) {
				return;
			}
			HistoricTaskInstance original = decided.get(place);
			Map<String, Object> decision = decision(original.getId());
			if (!decision.containsKey(ResultApproval.APPROVED.name())) {
				return;
			}
			String taskId = task.getId();
			Context.getCommandContext()
				.getTransactionContext()
				.addTransactionListener(TransactionState.COMMITTED,
						(committed) -> this.deliveries.execute(() -> complete(taskId, original, decision)));
		});
	}

	private void complete(String taskId, HistoricTaskInstance original, Map<String, Object> decision) {
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.tasks.setVariablesLocal(taskId, Map.of(ResultApproval.DECIDED_BY.name(),
						String.valueOf(decision.get(ResultApproval.DECIDED_BY.name())), REPLAY_OF, original.getId()));
				Object comment = decision.get(ResultApproval.COMMENT.name());
				this.tasks.complete(taskId, Variables.createVariables()
					.putValueTyped(ResultApproval.APPROVED.name(),
							ResultApproval.APPROVED.typed((Boolean) decision.get(ResultApproval.APPROVED.name())))
					.putValueTyped(ResultApproval.COMMENT.name(),
							ResultApproval.COMMENT.typed((comment != null) ? comment.toString() : "")));
			});
		}
		catch (RuntimeException ex) {
			// Stopped, or decided by a person meanwhile: the task shows what happened.
			log.warn("The recorded decision of approval {} could not be given to approval task {}: {}",
					original.getId(), taskId, ex.getMessage());
		}
	}

	/** A run's result approval tasks, in the order they were created. */
	private List<HistoricTaskInstance> approvals(String run) {
		return this.history.createHistoricTaskInstanceQuery()
			.rootProcessInstanceId(run)
			.taskDefinitionKey(ResultApproval.APPROVE_TASK)
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.list();
	}

	/** The decision kept with a task: approved, comment, decidedBy. */
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
