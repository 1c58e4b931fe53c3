package io.bpmnagents.answer;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldsRuleTest {

	private static final FieldsRule VERDICT = FieldsRule.parse("verdict: pass|revise, feedback");

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
		assertThatThrownBy(() -> FieldsRule.parse("verdict, 2nd opinion")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("\"2nd opinion\" is not a variable name");
		assertThatThrownBy(() -> FieldsRule.parse(" , ")).hasMessageContaining("names no field");
	}

}
