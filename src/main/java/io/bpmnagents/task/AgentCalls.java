package io.bpmnagents.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.agent.AgentRequest;
import io.bpmnagents.agent.AgentService;
import io.bpmnagents.agent.UnknownAgentException;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.replay.ReplayMismatchException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * An agent's answer on behalf of an external task, for every topic handler: the call is
 * tied to the task's run, activity and attempt, and a failure is reported on the task.
 */
@Component
public class AgentCalls {

	private final AgentService agents;

	private final TaskOutcomes outcomes;

	AgentCalls(AgentService agents, TaskOutcomes outcomes) {
		this.agents = agents;
		this.outcomes = outcomes;
	}

	/**
	 * The answer, or empty when the call failed and the failure has been reported: a
	 * model error is retried with backoff, an unknown agent (a modelling error that
	 * retrying cannot fix) becomes an incident at once.
	 */
	public Optional<String> ask(LockedExternalTask task, String agent, String prompt, boolean jsonAnswer) {
		return ask(task, task.getId(), agent, prompt, jsonAnswer, Map.of());
	}

	/**
	 * As {@link #ask(LockedExternalTask, String, String, boolean)}, for one of several
	 * questions a task asks (such as a follow-up on an answer it could not use).
	 * @param callKey names this question within the task: an answer recorded under it is
	 * reused when the task is delivered again, instead of asking twice
	 * @param answerFields the fields of a JSON answer and their allowed values, sent to
	 * the model as a schema; empty for none
	 */
	Optional<String> ask(LockedExternalTask task, String callKey, String agent, String prompt, boolean jsonAnswer,
			Map<String, List<String>> answerFields) {
		try {
			return Optional.of(this.agents.ask(new AgentRequest(this.outcomes.runId(task), task.getProcessInstanceId(),
					task.getProcessDefinitionKey(), task.getActivityId(), callKey, agent, prompt, jsonAnswer,
					answerFields)));
		}
		catch (UnknownAgentException | ReplayMismatchException ex) {
			// retrying cannot help: an incident at once
			this.outcomes.fail(task, ex, false);
		}
		catch (ModelCallException ex) {
			this.outcomes.fail(task, ex, true);
		}
		return Optional.empty();
	}

}
