package io.bpmnagents.answer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OneOfRuleTest {

	private static final OneOfRule ROUTES = OneOfRule.parse("route",
			"billing=billing-specialist, technical=developer, general", "General", "routeTarget");

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
		OneOfRule rule = OneOfRule.parse("color", "[\"red\", \"green\"]", null, null);

		assertThat(rule.schema())
			.isEqualTo("{\"type\":\"object\",\"properties\":{\"color\":{\"enum\":[\"red\",\"green\"]}},"
					+ "\"required\":[\"color\"],\"additionalProperties\":false}");
		assertThatThrownBy(() -> rule.giveUp("blue", "\"blue\" is not one of the choices"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("sets no fallback");
	}

	@Test
	void aFallbackOutsideTheChoicesOrAnEmptyListIsAModellingError() {
		assertThatThrownBy(() -> OneOfRule.parse("route", "a, b", "c", null))
			.hasMessage("The fallback \"c\" of 'route' is not one of the choices: a, b.");
		assertThatThrownBy(() -> OneOfRule.parse("route", " , ", null, null)).hasMessageContaining("empty");
	}

	@Test
	void aMapVariableGivesChoicesWithTargets() throws Exception {
		OneOfRule rule = OneOfRule.parse("route", "{\"billing\": \"billing-specialist\"}", null, "to");

		assertThat(rule.check("billing").variables().get("to").getValue()).isEqualTo("billing-specialist");
	}

	@Test
	void theFollowUpSaysWhatWasWrongAndAsksTheQuestionAgain() {
		assertThat(ROUTES.followUp("Pick a route.", "\"sales\" is not one of the choices."))
			.isEqualTo("Your previous answer could not be used: \"sales\" is not one of the choices.\n\n"
					+ "The question again:\n\nPick a route.");
	}

}
