package io.bpmnagents.task;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.bpmnagents.agent.AgentRequest;
import io.bpmnagents.agent.AgentService;
import io.bpmnagents.agent.UnknownAgentException;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.transcript.ChatTurn;
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
		return ask(task, task.getId(), agent, prompt, jsonAnswer, null);
	}

	/**
	 * As {@link #ask(LockedExternalTask, String, String, boolean)}, for an agent speaking
	 * in a conversation: {@code history} is the conversation so far, sent as chat
	 * messages in place of the agent's memory.
	 */
	public Optional<String> converse(LockedExternalTask task, String agent, String prompt, List<ChatTurn> history) {
		return call(task,
				() -> new AgentRequest(this.outcomes.runId(task), task.getProcessInstanceId(),
						task.getProcessDefinitionKey(), task.getActivityId(), task.getId(), agent, prompt, false, null,
						history));
	}

	/**
	 * As {@link #ask(LockedExternalTask, String, String, boolean)}, for one of several
	 * questions a task asks (such as a follow-up on an answer it could not use).
	 * @param callKey names this question within the task: an answer recorded under it is
	 * reused when the task is delivered again, instead of asking twice
	 * @param answerSchema the JSON Schema of the answer, sent to the model as
	 * {@code response_format}; {@code null} for none
	 */
	Optional<String> ask(LockedExternalTask task, String callKey, String agent, String prompt, boolean jsonAnswer,
			String answerSchema) {
		return call(task,
				() -> new AgentRequest(this.outcomes.runId(task), task.getProcessInstanceId(),
						task.getProcessDefinitionKey(), task.getActivityId(), callKey, agent, prompt, jsonAnswer,
						answerSchema));
	}

	private Optional<String> call(LockedExternalTask task, Supplier<AgentRequest> request) {
		try {
			return Optional.of(this.agents.ask(request.get()));
		}
		catch (UnknownAgentException ex) {
			this.outcomes.fail(task, ex, false);
		}
		catch (ModelCallException ex) {
			this.outcomes.fail(task, ex, true);
		}
		return Optional.empty();
	}

}
