package io.bpmnagents.answer;

import java.util.List;
import java.util.Map;

import io.bpmnagents.task.AgentTaskConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerRuleTest {

	private static final AnswerRule.OneOf ROUTES = AnswerRule.OneOf.parse("route",
			"billing=billing-specialist, technical=developer, general", "General", "routeTarget");

	private static final AnswerRule.Fields VERDICT = AnswerRule.Fields.parse("verdict: pass|revise, feedback");

	@ParameterizedTest
	@ValueSource(strings = { "technical", "Technical", "  TECHNICAL.  ", "\"technical\"", "**technical**",
			"{\"route\": \"technical\"}", "{\"choice\": \"technical\"}" })
	void aChoiceIsRecognisedWhateverItsCaseQuotesOrJsonWrapping(String answer) throws Exception {
		AnswerRule.Answer accepted = ROUTES.check(answer);

		assertThat(accepted.result().getValue()).isEqualTo("technical");
		assertThat(accepted.variables()).extractingByKey("routeTarget")
			.satisfies((target) -> assertThat(((org.camunda.bpm.engine.variable.value.TypedValue) target).getValue())
				.isEqualTo("developer"));
		assertThat(accepted.variables().get("routeFallback").getValue()).isEqualTo(false);
	}

	@Test
	void aChoiceWithoutATargetIsItsOwnTarget() throws Exception {
		assertThat(ROUTES.check("general").variables().get("routeTarget").getValue()).isEqualTo("general");
	}

	@ParameterizedTest
	@ValueSource(strings = { "sales", "technical support", "billing, technical", "{\"route\": \"sales\"}", "" })
	void anAnswerOutsideTheChoicesIsRejectedNamingThem(String answer) {
		assertThatThrownBy(() -> ROUTES.check(answer)).isInstanceOf(AnswerRule.Rejected.class)
			.hasMessageContaining("is not one of the choices. Answer with exactly one of: billing, technical, general");
	}

	@Test
	void givingUpTakesTheFallbackAsListedAndRecordsIt() {
		AnswerRule.Answer fallback = ROUTES.giveUp("sales", "not a choice");

		assertThat(fallback.result().getValue()).isEqualTo("general");
		assertThat(fallback.variables().get("routeFallback").getValue()).isEqualTo(true);
	}

	@Test
	void withoutAFallbackGivingUpIsAnIncidentNamingTheProblem() {
		AnswerRule.OneOf rule = AnswerRule.OneOf.parse("color", "[\"red\", \"green\"]", null, null);

		assertThat(rule.schema())
			.isEqualTo("{\"type\":\"object\",\"properties\":{\"color\":{\"enum\":[\"red\",\"green\"]}},"
					+ "\"required\":[\"color\"],\"additionalProperties\":false}");
		assertThatThrownBy(() -> rule.giveUp("blue", "\"blue\" is not one of the choices"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("sets no fallback");
	}

	@Test
	void aFallbackOutsideTheChoicesOrAnEmptyListIsAModellingError() {
		assertThatThrownBy(() -> AnswerRule.OneOf.parse("route", "a, b", "c", null))
			.hasMessage("The fallback \"c\" of 'route' is not one of the choices: a, b.");
		assertThatThrownBy(() -> AnswerRule.OneOf.parse("route", " , ", null, null)).hasMessageContaining("empty");
	}

	@Test
	void aMapVariableGivesChoicesWithTargets() throws Exception {
		AnswerRule.OneOf rule = AnswerRule.OneOf.parse("route", "{\"billing\": \"billing-specialist\"}", null, "to");

		assertThat(rule.check("billing").variables().get("to").getValue()).isEqualTo("billing-specialist");
	}

	@Test
	void fieldsAreReadFromAJsonObjectEvenInsideACodeFence() throws Exception {
		AnswerRule.Answer answer = VERDICT.check("```json\n{\"verdict\": \"PASS\", \"feedback\": \"Good.\"}\n```");

		assertThat(answer.fields()).containsExactly(Map.entry("verdict", "pass"), Map.entry("feedback", "Good."));
		// A listed field is a plain String a gateway can test; free text is a String
		// while
		// it fits Camunda's column (shown inline in Cockpit), and kept whole as JSON
		// beyond.
		assertThat(answer.variables().get("verdict").getValue()).isEqualTo("pass");
		assertThat(answer.variables().get("verdict").getType().getName()).isEqualTo("string");
		assertThat(answer.variables().get("feedback").getType().getName()).isEqualTo("string");
		String longFeedback = "x".repeat(4001);
		assertThat(VERDICT.check("{\"verdict\": \"pass\", \"feedback\": \"" + longFeedback + "\"}")
			.variables()
			.get("feedback")
			.getType()
			.getName()).isEqualTo("object");
		assertThat(VERDICT.schema())
			.isEqualTo("{\"type\":\"object\",\"properties\":{\"verdict\":{\"enum\":[\"pass\",\"revise\"]},"
					+ "\"feedback\":{\"type\":\"string\"}},\"required\":[\"verdict\",\"feedback\"],\"additionalProperties\":false}");
		assertThat(VERDICT.instruction())
			.isEqualTo("\n\nAnswer with a JSON object with the fields: verdict (one of: pass, revise), feedback.");
	}

	@Test
	void aBrokenOrIncompleteObjectIsRejectedSayingWhatIsWrong() {
		assertThatThrownBy(() -> VERDICT.check("{\"verdict\": \"pass\", ")).isInstanceOf(AnswerRule.Rejected.class)
			.hasMessageStartingWith("it is not a JSON object (");
		assertThatThrownBy(() -> VERDICT.check("[1, 2]")).hasMessageStartingWith("it is not a JSON object.");
		assertThatThrownBy(() -> VERDICT.check("{\"verdict\": \"pass\"}"))
			.hasMessageStartingWith("the field 'feedback' is missing.");
		assertThatThrownBy(() -> VERDICT.check("{\"verdict\": \"ok\", \"feedback\": \"x\"}"))
			.hasMessage("the field 'verdict' must be one of pass, revise, not \"ok\".");
	}

	@Test
	void aFieldListThatIsNotVariableNamesIsAModellingError() {
		assertThatThrownBy(() -> AnswerRule.Fields.parse("verdict, 2nd opinion"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("\"2nd opinion\" is not a variable name");
		assertThatThrownBy(() -> AnswerRule.Fields.parse(" , ")).hasMessageContaining("names no field");
	}

	@Test
	void aTaskSettingBothRulesIsAModellingError() {
		assertThatThrownBy(() -> AgentTaskConfig.from("Task_X",
				Map.of("agent", "a", "prompt", "p", "resultVariable", "r", "answerOneOf", "a, b", "answerFields", "x")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("both 'answerOneOf' and 'answerFields'");
	}

	@Test
	void theFollowUpSaysWhatWasWrongAndAsksTheQuestionAgain() {
		assertThat(ROUTES.followUp("Pick a route.", "\"sales\" is not one of the choices."))
			.isEqualTo("Your previous answer could not be used: \"sales\" is not one of the choices.\n\n"
					+ "The question again:\n\nPick a route.");
	}

}
