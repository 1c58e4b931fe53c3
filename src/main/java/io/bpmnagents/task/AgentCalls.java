package io.bpmnagents.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.bpmnagents.agent.AgentOutcome;
import io.bpmnagents.agent.AgentRequest;
import io.bpmnagents.agent.AgentService;
import io.bpmnagents.agent.ExternalTools;
import io.bpmnagents.agent.ToolLoopException;
import io.bpmnagents.agent.UnknownAgentException;
import io.bpmnagents.answer.AgentAnswers;
import io.bpmnagents.budget.BudgetExhaustedException;
import io.bpmnagents.budget.RunBudget;
import io.bpmnagents.guardrail.GuardrailException;
import io.bpmnagents.guardrail.GuardrailRepromptException;
import io.bpmnagents.guardrail.Guardrails;
import io.bpmnagents.guardrail.UnknownGuardrailException;
import io.bpmnagents.llm.ModelCallException;
import io.bpmnagents.process.Variable;
import io.bpmnagents.quota.QuotaExhaustedException;
import io.bpmnagents.quota.QuotaProperties;
import io.bpmnagents.quota.QuotaRequests;
import io.bpmnagents.replay.ReplayMismatchException;
import io.bpmnagents.stall.AgentStalledException;
import io.bpmnagents.stall.RepeatedTurns;
import io.bpmnagents.stall.StallProperties;
import io.bpmnagents.tool.UnknownToolException;
import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.worker.BpmnErrors;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * An agent's answer on behalf of an external task, for every topic handler: the call is
 * tied to the task's run, activity and attempt, and a failure is reported on the task.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AgentCalls implements AgentAnswers {

	/** The variable set with the BPMN error GUARDRAIL: why the guardrail stopped. */
	public static final String GUARDRAIL_VARIABLE = "guardrailError";

	private final AgentService agents;

	private final TaskOutcomes outcomes;

	private final BpmnErrors errors;

	private final StallEscalation stalls;

	private final StallProperties stall;

	private final QuotaRequests quotaRequests;

	/**
	 * The answer, or empty when the call failed and the failure has been reported: a
	 * model error is retried with backoff, an unknown agent or tool (a modelling error
	 * that retrying cannot fix) becomes an incident at once, an exhausted budget the BPMN
	 * error {@value RunBudget#ERROR_CODE}.
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
		Optional<String> answer = call(task,
				request(task, task.getId(), agent, prompt, false, null, history, List.of()));
		if (answer.isPresent()) {
			try {
				RepeatedTurns.check(this.stall, agent,
						history.stream().filter((turn) -> turn.content() != null).map(ChatTurn::content).toList(),
						answer.get());
			}
			catch (AgentStalledException ex) {
				this.stalls.raise(task, ex.getMessage());
				return Optional.empty();
			}
		}
		return answer;
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
		return ask(task, callKey, agent, prompt, jsonAnswer, answerSchema, List.of());
	}

	/**
	 * As {@link #ask(LockedExternalTask, String, String, String, boolean, String)},
	 * offering the agent these tools besides its own. An unknown tool, or a model that
	 * will not stop asking for tools, is a modelling error: an incident at once.
	 */
	Optional<String> ask(LockedExternalTask task, String callKey, String agent, String prompt, boolean jsonAnswer,
			String answerSchema, List<String> tools) {
		return call(task, request(task, callKey, agent, prompt, jsonAnswer, answerSchema, null, tools));
	}

	/** A JSON answer, for questions whose answers the answer rules check. */
	@Override
	public Optional<String> answer(LockedExternalTask task, String callKey, String agent, String prompt,
			String answerSchema, List<String> tools) {
		return ask(task, callKey, agent, prompt, true, answerSchema, tools);
	}

	/**
	 * As {@link #ask(LockedExternalTask, String, String, String, boolean, String, List)},
	 * also offering tools the caller runs itself (processes); the outcome is the answer
	 * or the calls of those tools, or empty when the call failed and the failure has been
	 * reported.
	 */
	Optional<AgentOutcome> ask(LockedExternalTask task, String callKey, String agent, String prompt, List<String> tools,
			ExternalTools external) {
		return report(task, request(task, callKey, agent, prompt, false, null, null, tools),
				(request) -> this.agents.ask(request, external));
	}

	/**
	 * What the spent quota says: the BPMN error
	 * {@value QuotaExhaustedException#ERROR_CODE} (caught by a boundary event, or the run
	 * fails), the task asks again when the window turns, or an administrator is asked to
	 * allow more and the task waits for the decision, looking again every
	 * {@code bpmn-agents.quota-requests.check-every} (a refusal is the BPMN error).
	 */
	private void quotaExhausted(LockedExternalTask task, AgentRequest request, QuotaExhaustedException ex) {
		if (ex.onExhausted() == QuotaProperties.OnExhausted.ERROR) {
			this.errors.raise(task, QuotaExhaustedException.ERROR_CODE, ex.getMessage(), Map.of());
			return;
		}
		if (ex.onExhausted() == QuotaProperties.OnExhausted.ASK) {
			QuotaRequests.Answer answer = this.quotaRequests.ask(ex, new QuotaRequests.Asker(request.runId(),
					request.processInstanceId(), request.activityId(), request.externalTaskId(), request.agent()));
			if (answer.refused()) {
				this.errors.raise(task, QuotaExhaustedException.ERROR_CODE, answer.message(), Map.of());
			}
			else {
				this.outcomes.retryAt(task, answer.message(), answer.until());
			}
			return;
		}
		this.outcomes.retryAt(task, "Waiting for quota " + ex.quota().key() + ": " + ex.getMessage(), ex.windowEnd());
	}

	private AgentRequest request(LockedExternalTask task, String callKey, String agent, String prompt,
			boolean jsonAnswer, String answerSchema, List<ChatTurn> history, List<String> tools) {
		Map<String, String> properties = task.getExtensionProperties();
		// A task a person let go on after a stall asks afresh, with their instruction.
		PausedAgentTasks.Resume resume = PausedAgentTasks.Resume.of(task);
		return new AgentRequest(this.outcomes.runId(task), task.getProcessInstanceId(), task.getProcessDefinitionKey(),
				task.getActivityId(), resume.callKey(task, callKey), agent, resume.prompt(prompt), jsonAnswer,
				answerSchema, history, tools,
				AgentTaskConfig.toolNames((properties != null) ? properties.get(AgentTaskConfig.GUARDRAILS) : null));
	}

	private Optional<String> call(LockedExternalTask task, AgentRequest request) {
		return report(task, request, this.agents::ask);
	}

	/**
	 * Makes the call and reports its failure. An answer a guardrail sends back is asked
	 * for again, with its feedback, under a key of its own ({@code <key>/guardrail-n}),
	 * as often as the guardrail allows; a guardrail's refusal is the BPMN error
	 * {@value Guardrails#ERROR_CODE}.
	 */
	private <T> Optional<T> report(LockedExternalTask task, AgentRequest request, Function<AgentRequest, T> call) {
		AgentRequest current = request;
		for (int again = 1;; again++) {
			try {
				return Optional.of(call.apply(current));
			}
			catch (GuardrailRepromptException ex) {
				if (again > ex.reprompts()) {
					raiseGuardrail(task, ex.exhausted());
					return Optional.empty();
				}
				current = new AgentRequest(current.runId(), current.processInstanceId(), current.processKey(),
						current.activityId(), request.externalTaskId() + "/guardrail-" + again, current.agent(),
						ex.followUp(request.prompt()), current.jsonAnswer(), current.answerSchema(), current.history(),
						current.tools(), current.guardrails());
			}
			catch (RuntimeException ex) {
				report(task, current, ex);
				return Optional.empty();
			}
		}
	}

	private void raiseGuardrail(LockedExternalTask task, GuardrailException ex) {
		// A BPMN error, so a modeller may route it to a person; where nothing catches it,
		// an incident that says so.
		this.errors.raise(task, Guardrails.ERROR_CODE, ex.getMessage(),
				Map.of(GUARDRAIL_VARIABLE, Variable.text(GUARDRAIL_VARIABLE).typed(ex.getMessage())));
	}

	private void report(LockedExternalTask task, AgentRequest request, RuntimeException failure) {
		try {
			throw failure;
		}
		catch (UnknownAgentException | UnknownToolException | UnknownGuardrailException | ToolLoopException
				| ReplayMismatchException ex) {
			// retrying cannot help: an incident at once
			this.outcomes.fail(task, ex, false);
		}
		catch (BudgetExhaustedException ex) {
			// A BPMN error, so a modeller may route it (boundary event) to a person; the
			// patterns' 'Run ends early' ends the run FAILED.
			this.errors.raise(task, RunBudget.ERROR_CODE, ex.getMessage(), Map.of());
		}
		catch (QuotaExhaustedException ex) {
			quotaExhausted(task, request, ex);
		}
		catch (GuardrailException ex) {
			raiseGuardrail(task, ex);
		}
		catch (AgentStalledException ex) {
			this.stalls.raise(task, ex.getMessage());
		}
		catch (ModelCallException ex) {
			this.outcomes.fail(task, ex, true);
		}
	}

}
