package io.bpmnagents.run;

import java.util.Optional;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.replay.LiveFrom;
import io.bpmnagents.replay.ReplayCheck;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.replay.RunInputs;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts replays: the recorded input into the recorded process version (or a version of
 * the same process the request names), marked as a replay, with its mode and agent
 * overrides, in the transaction that starts it, so that its first agent call already
 * finds them. The engine checks the person's grants and the process's contract as for any
 * start.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunReplayStarts implements ReplayStarts {

	private final RunService runs;

	private final RunAccess access;

	private final RunInputs inputs;

	private final RuntimeService runtime;

	private final RepositoryService repository;

	private final AgentRegistry agents;

	private final TransactionTemplate transaction;

	private final ObjectProvider<ReplayCheck> checks;

	/**
	 * @throws RunNotFoundException (404) for a run the person does not see
	 * @throws RunReplays.NotReplayable (409) for a run that is running, whose input was
	 * not recorded, or that a {@link ReplayCheck} refuses
	 * @throws InvalidInputException (400) for a version of another process, or an
	 * override of an agent that does not exist
	 * @throws RunAccess.NotAllowed (403) for a person who may not start the process
	 */
	@Override
	public String start(ReplayRequest request) {
		String id = request.originalRunId();
		RunView run = RunReplays.finished(this.runs.view(id), "replayed");
		RunInputs.RunInput input = RunReplays.recordedInput(this.inputs, id);
		this.checks.orderedStream().forEach((check) -> check.refusal(id).ifPresent((reason) -> {
			throw new RunReplays.NotReplayable(reason);
		}));
		String definition = definition(request, input, run.process());
		request.agents().forEach((agent, override) -> {
			if (this.agents.find(agent).isEmpty()) {
				throw new InvalidInputException("agents", "There is no agent '" + agent + "' to override.");
			}
			ReplayRequest.AgentOverride.problem(agent, override).ifPresent((problem) -> {
				throw new InvalidInputException("agents." + agent, problem);
			});
		});
		this.access.checkMayStart(run.process());
		VariableMap variables = Variables.createVariables();
		input.input().forEach((name, value) -> variables.putValueTyped(name, RunService.asGiven(name, value)));
		try {
			return this.transaction.execute((status) -> {
				String started = this.runtime.startProcessInstanceById(definition, variables).getId();
				this.inputs.markReplay(started, request);
				return started;
			});
		}
		catch (AuthorizationException ex) {
			throw ex;
		}
		catch (ProcessEngineException ex) {
			throw new RunReplays.NotReplayable("Run '" + id + "' could not be started again: " + ex.getMessage());
		}
	}

	/** The version to run: the recorded one, or the one named, of the same process. */
	private String definition(ReplayRequest request, RunInputs.RunInput input, String process) {
		if (request.processDefinitionId() == null) {
			return input.processDefinitionId();
		}
		ProcessDefinition named = this.access.asApp(() -> this.repository.createProcessDefinitionQuery()
			.processDefinitionId(request.processDefinitionId())
			.singleResult());
		if (named == null || !named.getKey().equals(process)) {
			throw new InvalidInputException("processDefinitionId",
					"'" + request.processDefinitionId() + "' is not a version of process '" + process
							+ "', the process of run '" + request.originalRunId() + "': a replay runs a version of "
							+ "the process that was recorded.");
		}
		return named.getId();
	}

	@Override
	public Optional<LiveFrom> liveFrom(String replayRunId) {
		return this.inputs.liveFrom(replayRunId);
	}

}
