package io.bpmnagents.answer;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * How {@link CheckedQuestions} puts one question to an agent on behalf of a task; the
 * agent task's calls ({@code AgentCalls}) answer it, so the answer rules need not know
 * the agent task.
 */
public interface AgentAnswers {

	/**
	 * The agent's JSON answer, or empty when the call failed and the failure has been
	 * reported on the task.
	 * @param callKey names this question within the task: an answer recorded under it is
	 * reused when the task is delivered again, instead of asking twice
	 * @param answerSchema the JSON Schema of the answer, sent as {@code response_format}
	 * @param tools tools offered besides the agent's own
	 */
	Optional<String> answer(LockedExternalTask task, String callKey, String agent, String prompt, String answerSchema,
			List<String> tools);

}
