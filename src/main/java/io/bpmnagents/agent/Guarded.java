package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.bpmnagents.guardrail.GuardrailContext;
import io.bpmnagents.guardrail.GuardrailException;
import io.bpmnagents.guardrail.GuardrailRepromptException;
import io.bpmnagents.guardrail.GuardrailVerdict;
import io.bpmnagents.guardrail.Guardrails;
import io.bpmnagents.transcript.GuardrailDecision;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The guardrails of one model call (the agent's, then the task's) and what they decided:
 * the prompt as the input guardrails let it through, the answer as the output guardrails
 * do, or why they refused. A call without guardrails does nothing here.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class Guarded {

	private static final Guarded NONE = new Guarded(null, List.of(), null);

	private final Guardrails guardrails;

	private final List<String> names;

	private final GuardrailContext call;

	private final List<GuardrailDecision> decisions = new ArrayList<>();

	private GuardrailException refusedInput;

	private RuntimeException refusedOutput;

	static Guarded of(Guardrails guardrails, AgentDefinition agent, AgentRequest request, String callKey) {
		if (agent.guardrails().isEmpty() && request.guardrails().isEmpty()) {
			return NONE;
		}
		Set<String> names = new LinkedHashSet<>(agent.guardrails());
		names.addAll(request.guardrails());
		return new Guarded(guardrails, List.copyOf(names), new GuardrailContext(request.runId(),
				request.processInstanceId(), request.processKey(), request.activityId(), callKey));
	}

	boolean isEmpty() {
		return this.names.isEmpty();
	}

	/**
	 * The prompt as the input guardrails let it through (the same instance: unchanged).
	 */
	String input(String prompt) {
		if (isEmpty()) {
			return prompt;
		}
		GuardrailVerdict verdict = this.guardrails.checkInput(this.names, prompt, this.call);
		this.decisions.addAll(verdict.decisions());
		if (verdict instanceof GuardrailVerdict.Failed failed) {
			this.refusedInput = new GuardrailException(failed.guardrail(),
					"Guardrail '" + failed.guardrail() + "' refused the prompt: " + failed.message());
			return prompt;
		}
		String text = ((GuardrailVerdict.Passed) verdict).text();
		return text.equals(prompt) ? prompt : text;
	}

	/**
	 * The answer as the output guardrails let it through; see {@link #refusedOutput()}.
	 */
	String output(String answer) {
		GuardrailVerdict verdict = this.guardrails.checkOutput(this.names, answer, this.call);
		this.decisions.addAll(verdict.decisions());
		if (verdict instanceof GuardrailVerdict.Failed failed) {
			this.refusedOutput = new GuardrailException(failed.guardrail(),
					"Guardrail '" + failed.guardrail() + "' refused the answer: " + failed.message());
		}
		else if (verdict instanceof GuardrailVerdict.Reprompt reprompt) {
			this.refusedOutput = new GuardrailRepromptException(reprompt.guardrail(), reprompt.feedback(),
					this.guardrails.reprompts(reprompt.guardrail()));
		}
		return (verdict instanceof GuardrailVerdict.Passed passed) ? passed.text() : answer;
	}

	/** Why the input guardrails refused the prompt, or {@code null}. */
	GuardrailException refusedInput() {
		return this.refusedInput;
	}

	/**
	 * The answer's refusal ({@link GuardrailException}) or request to ask again
	 * ({@link GuardrailRepromptException}), or {@code null}.
	 */
	RuntimeException refusedOutput() {
		return this.refusedOutput;
	}

	List<GuardrailDecision> decisions() {
		return List.copyOf(this.decisions);
	}

}
