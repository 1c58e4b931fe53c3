package io.bpmnagents.answer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.process.Variable;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.worker.BpmnErrors;
import io.bpmnagents.worker.TaskOutcomes;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Asks an agent a question whose answer must follow a rule ({@link AnswerRule}): the
 * rule's schema travels as {@code response_format}, and an answer that breaks the rule is
 * sent back once saying what was wrong; then the rule's way out: a fallback choice, an
 * incident, or the BPMN error {@value AnswerRule#INVALID_ANSWER}. Every question is in
 * the transcript. Topic handlers of patterns use it through
 * {@link #askForJson(LockedExternalTask, String, String, AnswerSchema, Function, Function)}.
 */
@Component
public class CheckedQuestions {

	/** The BPMN error a task raises when its answer still breaks its JSON Schema. */
	public static final String INVALID_ANSWER = AnswerRule.INVALID_ANSWER;

	private final AgentAnswers agents;

	private final TaskOutcomes outcomes;

	private final BpmnErrors errors;

	private final TranscriptStore transcript;

	CheckedQuestions(AgentAnswers agents, TaskOutcomes outcomes, BpmnErrors errors, TranscriptStore transcript) {
		this.transcript = transcript;
		this.agents = agents;
		this.outcomes = outcomes;
		this.errors = errors;
	}

	/**
	 * Asks for JSON that satisfies {@code schema} and {@code more}.
	 * @param more what is wrong with a schema-valid answer, or {@code null} when nothing
	 * @param onInvalid the variables to set with the BPMN error, given its message
	 * @return the accepted answer; empty when the task has been failed or ended on the
	 * BPMN error (already reported)
	 */
	public Optional<JsonNode> askForJson(LockedExternalTask task, String agent, String prompt, AnswerSchema schema,
			Function<JsonNode, String> more, Function<String, Map<String, Object>> onInvalid) {
		SchemaRule rule = new SchemaRule(schema, more);
		return ask(task, agent, prompt + rule.instruction(), rule, onInvalid, List.of())
			.map((answer) -> AnswerTexts.JSON.valueToTree(answer.result().getValue()));
	}

	/**
	 * Asks, and when the answer breaks the rule asks once more, saying what was wrong;
	 * then the rule's way out. Both questions are in the transcript.
	 * @param prompt the question, with the rule's instruction already appended
	 * @param tools tools offered besides the agent's own
	 */
	public Optional<AnswerRule.Answer> ask(LockedExternalTask task, String agent, String prompt, AnswerRule rule,
			Function<String, Map<String, Object>> onInvalid, List<String> tools) {
		// Delivered again (after a model error, a crash), the task reuses the answers it
		// has;
		// those that led to an incident are retired, so a person's retry asks afresh.
		String key = task.getId();
		Optional<String> first = this.agents.answer(task, key, agent, prompt, rule.schema(), tools);
		if (first.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(rule.check(first.get()));
		}
		catch (AnswerRule.Rejected rejected) {
			Optional<String> second = this.agents.answer(task, key + "/again", agent,
					rule.followUp(prompt, rejected.getMessage()), rule.schema(), tools);
			if (second.isEmpty()) {
				return Optional.empty();
			}
			try {
				return Optional.of(rule.check(second.get()));
			}
			catch (AnswerRule.Rejected again) {
				try {
					AnswerRule.Answer fallback = rule.giveUp(second.get(), again.getMessage());
					this.transcript.noted(this.outcomes.runId(task), key + "/again", "Answer not used ("
							+ again.getMessage() + "); the task took its fallback: " + fallback.content());
					return Optional.of(fallback);
				}
				catch (AnswerRule.Unusable ex) {
					Map<String, Object> variables = new HashMap<>(onInvalid.apply(ex.getMessage()));
					if (!this.errors.raise(task, AnswerRule.INVALID_ANSWER, ex.getMessage(), variables)) {
						this.transcript.retire(this.outcomes.runId(task), key);
					}
				}
				catch (IllegalArgumentException ex) {
					this.transcript.retire(this.outcomes.runId(task), key);
					this.outcomes.fail(task, ex, false);
				}
				return Optional.empty();
			}
		}
	}

	/** The variables a generic agent task sets with its BPMN error: why, under a name. */
	public static Function<String, Map<String, Object>> errorIn(String resultVariable) {
		String name = resultVariable + "Error";
		return (message) -> Map.of(name, Variable.text(name).typed(message));
	}

}
