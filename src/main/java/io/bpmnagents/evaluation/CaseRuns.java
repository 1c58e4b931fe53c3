package io.bpmnagents.evaluation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunService;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Starts a case's run as the person who started the evaluation (the start user the engine
 * recorded on the evaluation run, which no variable can change): their grants decide
 * whether they may see the recorded run and start the target, as if they had started it
 * themselves.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class CaseRuns {

	private final HistoryService history;

	/**
	 * Lazily, as the two below: the runs service needs the worker, which needs the
	 * handlers.
	 */
	private final ObjectProvider<RunService> runs;

	private final ObjectProvider<RunOperations> operations;

	private final ObjectProvider<ReplayStarts> replays;

	private final ObjectMapper json;

	private final GatedVersions gated;

	private final ObjectProvider<RunAccess> access;

	/** The case the task's multi-instance element names. */
	EvaluationCase caseOf(TaskOutcomes outcomes, LockedExternalTask task) {
		int number = ((Number) outcomes.variable(task, CaseVariables.CASE_NUMBER)).intValue();
		List<?> cases = (List<?>) outcomes.variable(task, CaseVariables.CASES);
		return this.json.convertValue(cases.get(number), EvaluationCase.class);
	}

	/**
	 * Starts the case's run and answers its id.
	 * @throws Refused when it cannot start, with the reason for a person
	 */
	String start(String evaluationId, EvaluationCase item, String target, Map<?, ?> overrides) {
		String user = starter(evaluationId);
		if (this.gated.isHeld(target)) {
			return this.gated.startHeld(target, () -> startAsUser(user, item, target, overrides));
		}
		return startAsUser(user, item, target, overrides);
	}

	private String startAsUser(String user, EvaluationCase item, String target, Map<?, ?> overrides) {
		return asUser(user, () -> {
			if (item.runId() == null) {
				return this.runs.getObject().startVersion(target, item.input()).id();
			}
			// The person may still see the recorded run (their grants may have changed).
			this.operations.getObject().view(item.runId());
			ReplayStarts starts = this.replays.getIfAvailable();
			if (starts == null) {
				throw new IllegalArgumentException("Run '" + item.runId()
						+ "' cannot be replayed: this installation has no replay of recorded runs.");
			}
			return starts.start(new ReplayRequest(item.runId(), target, overrides(overrides), true, false));
		});
	}

	private Map<String, ReplayRequest.AgentOverride> overrides(Map<?, ?> given) {
		Map<String, ReplayRequest.AgentOverride> overrides = new LinkedHashMap<>();
		if (given != null) {
			given.forEach((name, override) -> overrides.put(String.valueOf(name),
					this.json.convertValue(override, ReplayRequest.AgentOverride.class)));
		}
		return overrides;
	}

	private String starter(String evaluationId) {
		HistoricProcessInstance evaluation = this.history.createHistoricProcessInstanceQuery()
			.processInstanceId(evaluationId)
			.singleResult();
		return (evaluation != null) ? evaluation.getStartUserId() : null;
	}

	/**
	 * Does the work as the person, with their groups; refusals become {@link Refused}. An
	 * evaluation started without a person (by the app) starts its runs as the app.
	 */
	private String asUser(String user, Supplier<String> work) {
		try {
			return this.access.getObject().asPerson(user, work);
		}
		catch (OptimisticLockingException | DataAccessException ex) {
			// Passing trouble of the database: the task is tried again.
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new Refused((ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName());
		}
	}

	/** The case's run could not start: the case fails with this reason. */
	static class Refused extends RuntimeException {

		Refused(String message) {
			super(message);
		}

	}

}
