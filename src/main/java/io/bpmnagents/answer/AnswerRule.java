package io.bpmnagents.answer;

import java.util.Map;

import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * What an agent task demands of an answer ({@link OneOfRule answerOneOf},
 * {@link FieldsRule answerFields}, {@link SchemaRule answerSchema}), and what it makes of
 * an answer it accepts. The demand travels to the model twice: as words at the end of the
 * prompt, for any model, and as a JSON schema, for models that honour one; the answer is
 * checked either way, because not every server does.
 */
public sealed interface AnswerRule permits OneOfRule, FieldsRule, SchemaRule {

	/**
	 * The BPMN error raised when an answer still breaks its JSON Schema after the re-ask.
	 */
	String INVALID_ANSWER = "INVALID_ANSWER";

	/**
	 * The JSON Schema sent to the model as {@code response_format}; one mechanism for
	 * every rule, so the model client and the simulator know only JSON Schema.
	 */
	String schema();

	/** Appended to the prompt: what the answer must look like. */
	String instruction();

	/**
	 * @throws Rejected naming what is wrong with the answer, for the follow-up question
	 */
	Answer check(String text) throws Rejected;

	/**
	 * What to do when the follow-up did not help either.
	 * @throws IllegalArgumentException when the rule has no way out (an incident)
	 * @throws Unusable when the model is to decide (a BPMN error)
	 */
	Answer giveUp(String lastAnswer, String problem);

	/** The follow-up question after an answer that broke the rule. */
	default String followUp(String prompt, String problem) {
		return "Your previous answer could not be used: " + problem + "\n\nThe question again:\n\n" + prompt;
	}

	/**
	 * An accepted answer.
	 *
	 * @param result the value of the task's result variable
	 * @param content the answer as text (what a map collects)
	 * @param fields the fields of a JSON answer, recorded in a list entry instead of the
	 * content; {@code null} for other answers
	 * @param variables further variables the answer sets
	 */
	record Answer(TypedValue result, String content, Map<String, Object> fields, Map<String, TypedValue> variables) {

		/** An answer no rule checked: the text as the agent gave it. */
		public static Answer text(String resultVariable, String text) {
			return new Answer(Variable.text(resultVariable).typed(text), text, null, Map.of());
		}

	}

	/** An answer that breaks the rule. */
	class Rejected extends Exception {

		Rejected(String problem) {
			super(problem);
		}

	}

	/**
	 * Two answers broke the rule: the task ends on the BPMN error
	 * {@value AnswerRule#INVALID_ANSWER}, which a boundary event can catch.
	 */
	class Unusable extends RuntimeException {

		Unusable(String message) {
			super(message);
		}

	}

}
