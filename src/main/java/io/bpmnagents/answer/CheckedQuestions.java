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
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Asks an agent a question whose answer must follow a rule ({@link AnswerRule}): the
 * rule's schema travels as {@code response_format}, and an answer that breaks the rule is
 * sent back saying what was wrong, a bounded number of times; then the rule's way out: a
 * fallback choice, an incident, or the BPMN error {@value AnswerRule#INVALID_ANSWER}.
 * Every question is in the transcript. Topic handlers of patterns use it through
 * {@link #askForJson(LockedExternalTask, String, String, AnswerSchema, Function, Function)}.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class CheckedQuestions {

	/** The BPMN error a task raises when its answer still breaks its JSON Schema. */
	public static final String INVALID_ANSWER = AnswerRule.INVALID_ANSWER;

	/** The question, and one follow-up after an answer that broke the rule. */
	private static final int ATTEMPTS = 2;

	private final AgentAnswers agents;

	private final TaskOutcomes outcomes;

	private final BpmnErrors errors;

	private final TranscriptStore transcript;

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
	 * Asks, and while the answer breaks the rule asks again, saying what was wrong, up to
	 * {@value #ATTEMPTS} questions; then the rule's way out. Every question is in the
	 * transcript.
	 * @param prompt the question, with the rule's instruction already appended
	 * @param tools tools offered besides the agent's own
	 */
	public Optional<AnswerRule.Answer> ask(LockedExternalTask task, String agent, String prompt, AnswerRule rule,
			Function<String, Map<String, Object>> onInvalid, List<String> tools) {
		// Delivered again (after a model error, a crash), the task reuses the answers
		// it has; those that led to an incident are retired, so a retry asks afresh.
		String question = prompt;
		Broken last = null;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			String callKey = callKey(task, attempt);
			Optional<String> reply = this.agents.answer(task, callKey, agent, question, rule.schema(), tools);
			if (reply.isEmpty()) {
				return Optional.empty();
			}
			try {
				return Optional.of(rule.check(reply.get()));
			}
			catch (AnswerRule.Rejected rejected) {
				last = new Broken(callKey, reply.get(), rejected.getMessage());
				question = rule.followUp(prompt, last.problem());
			}
		}
		return wayOut(task, rule, last, onInvalid);
	}

	/**
	 * The first question is recorded under the task's id, each follow-up under a key of
	 * its own below it, so a task delivered again reuses each answer it has.
	 */
	private static String callKey(LockedExternalTask task, int attempt) {
		return task.getId() + switch (attempt) {
			case 1 -> "";
			case 2 -> "/again";
			default -> "/again-" + attempt;
		};
	}

	/**
	 * The rule's way out after the last answer broke it too: its fallback, the BPMN error
	 * {@value AnswerRule#INVALID_ANSWER} (or an incident where nothing catches it), or an
	 * incident; empty when the task has been ended or failed.
	 */
	private Optional<AnswerRule.Answer> wayOut(LockedExternalTask task, AnswerRule rule, Broken last,
			Function<String, Map<String, Object>> onInvalid) {
		String runId = this.outcomes.runId(task);
		try {
			AnswerRule.Answer fallback = rule.giveUp(last.answer(), last.problem());
			this.transcript.noted(runId, last.callKey(),
					"Answer not used (" + last.problem() + "); the task took its fallback: " + fallback.content());
			return Optional.of(fallback);
		}
		catch (AnswerRule.Unusable ex) {
			Map<String, Object> variables = new HashMap<>(onInvalid.apply(ex.getMessage()));
			if (!this.errors.raise(task, AnswerRule.INVALID_ANSWER, ex.getMessage(), variables)) {
				this.transcript.retire(runId, task.getId());
			}
		}
		catch (IllegalArgumentException ex) {
			this.transcript.retire(runId, task.getId());
			this.outcomes.fail(task, ex, false);
		}
		return Optional.empty();
	}

	/** An answer that broke the rule: under which key, and what was wrong with it. */
	private record Broken(String callKey, String answer, String problem) {
	}

	/** The variables a generic agent task sets with its BPMN error: why, under a name. */
	public static Function<String, Map<String, Object>> errorIn(String resultVariable) {
		String name = resultVariable + "Error";
		return (message) -> Map.of(name, Variable.text(name).typed(message));
	}

}
