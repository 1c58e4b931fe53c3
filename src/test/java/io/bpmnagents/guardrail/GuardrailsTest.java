package io.bpmnagents.guardrail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import io.bpmnagents.transcript.GuardrailDecision;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Named guardrails run in order, each on what the one before let through, and every
 * decision is kept for the transcript; built-in and LangChain4j guardrails alike.
 */
class GuardrailsTest {

	private final Map<String, NamedGuardrail> named = new LinkedHashMap<>();

	@Test
	void rewritesChainAndEachDecisionIsKeptWithoutTheRedactedText() {
		define("pii", GuardrailDefinition.pii());
		define("short", definition("max-length", List.of(), 40, null, null, "error"));

		GuardrailVerdict verdict = guardrails().checkOutput(List.of("pii", "short"), "Mail jane@example.com", null);

		assertThat(verdict).isEqualTo(new GuardrailVerdict.Passed("Mail [e-mail]",
				List.of(new GuardrailDecision("pii", "output", "rewrite", null, "Mail [e-mail]"),
						new GuardrailDecision("short", "output", "pass", null, null))));
	}

	@Test
	void aDenyPatternFailsTheTextAndStopsTheGuardrailsAfterIt() {
		define("no-secrets", definition("deny", List.of("(?i)password"), null, null, null, "error"));
		define("pii", GuardrailDefinition.pii());

		GuardrailVerdict verdict = guardrails().checkInput(List.of("no-secrets", "pii"), "The Password is x", null);

		assertThat(verdict).isInstanceOfSatisfying(GuardrailVerdict.Failed.class, (failed) -> {
			assertThat(failed.guardrail()).isEqualTo("no-secrets");
			assertThat(failed.message()).contains("denies").contains("(?i)password");
			assertThat(failed.decisions()).extracting(GuardrailDecision::outcome).containsExactly("fail");
		});
	}

	@Test
	void anAllowPatternPassesOnlyTextThatMatchesOne() {
		define("yes-or-no", definition("allow", List.of("^(yes|no)$"), null, null, null, "error"));
		Guardrails guardrails = guardrails();

		assertThat(guardrails.checkOutput(List.of("yes-or-no"), "yes", null))
			.isInstanceOf(GuardrailVerdict.Passed.class);
		assertThat(guardrails.checkOutput(List.of("yes-or-no"), "maybe", null))
			.isInstanceOf(GuardrailVerdict.Failed.class);
	}

	@Test
	void anOutputGuardrailThatRepromptsAsksAgainWithItsReasonAsFeedback() {
		define("short", definition("max-length", List.of(), 5, null, null, "reprompt"));

		GuardrailVerdict verdict = guardrails().checkOutput(List.of("short"), "far too long", null);

		assertThat(verdict).isInstanceOfSatisfying(GuardrailVerdict.Reprompt.class,
				(reprompt) -> assertThat(reprompt.feedback()).contains("12 characters").contains("at most 5"));
		assertThat(guardrails().reprompts("short")).isEqualTo(1);
	}

	@Test
	void aJudgeGuardrailChecksOnlyAnswersAndFailsOnAVerdictThatThePolicyIsBroken() {
		Judge judge = (call, agent, prompt) -> prompt.endsWith("We will refund you")
				? "{\"breaksPolicy\": true, \"reason\": \"it promises a refund\"}"
				: "{\"breaksPolicy\": false, \"reason\": \"fine\"}";
		this.named.put("policy", GuardrailConfiguration.builtIn("policy",
				definition("judge", List.of(), null, "reviewer", "Never promise refunds.", "error"), judge));
		Guardrails guardrails = guardrails();

		assertThat(guardrails.checkInput(List.of("policy"), "We will refund you", null))
			.isInstanceOf(GuardrailVerdict.Passed.class);
		assertThat(guardrails.checkOutput(List.of("policy"), "Thanks for waiting", null))
			.isInstanceOf(GuardrailVerdict.Passed.class);
		assertThat(guardrails.checkOutput(List.of("policy"), "We will refund you", null)).isInstanceOfSatisfying(
				GuardrailVerdict.Failed.class,
				(failed) -> assertThat(failed.message()).contains("it promises a refund"));
	}

	@Test
	void aJudgeWhoseVerdictCannotBeReadLetsNothingThrough() {
		this.named.put("policy", GuardrailConfiguration.builtIn("policy",
				definition("judge", List.of(), null, "reviewer", "Be kind.", "error"), (call, agent, prompt) -> "yes"));

		assertThat(guardrails().checkOutput(List.of("policy"), "Hello", null)).isInstanceOfSatisfying(
				GuardrailVerdict.Failed.class,
				(failed) -> assertThat(failed.message()).contains("no readable verdict"));
	}

	@Test
	void aCustomLangChain4jGuardrailIsUsedAsItIs() {
		OutputGuardrail noShouting = new OutputGuardrail() {
			@Override
			public OutputGuardrailResult validate(AiMessage message) {
				return message.text().equals(message.text().toUpperCase()) ? reprompt("shouting", "Do not shout.")
						: successWith(message.text().strip());
			}
		};
		this.named.put("no-shouting", new NamedGuardrail("no-shouting", null, noShouting, 2));
		Guardrails guardrails = guardrails();

		assertThat(guardrails.checkOutput(List.of("no-shouting"), "  calm ", null))
			.isEqualTo(new GuardrailVerdict.Passed("calm",
					List.of(new GuardrailDecision("no-shouting", "output", "rewrite", null, "calm"))));
		assertThat(guardrails.checkOutput(List.of("no-shouting"), "LOUD", null)).isInstanceOfSatisfying(
				GuardrailVerdict.Reprompt.class,
				(reprompt) -> assertThat(reprompt.feedback()).isEqualTo("Do not shout."));
		// Only an output side: a prompt passes it untouched.
		assertThat(guardrails.checkInput(List.of("no-shouting"), "LOUD", null).decisions()).isEmpty();
	}

	@Test
	void anUnknownNameIsRefusedSayingWhichAreKnown() {
		define("pii", GuardrailDefinition.pii());

		assertThatThrownBy(() -> guardrails().checkOutput(List.of("pi"), "text", null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("unknown guardrail(s) [pi]")
			.hasMessageContaining("known are pii");
	}

	@Test
	void noGuardrailsPassTheTextWithoutDecisions() {
		assertThat(guardrails().checkInput(List.of(), "anything", null))
			.isEqualTo(new GuardrailVerdict.Passed("anything", List.of()));
	}

	@Test
	void aBrokenPatternStopsTheStartNamingTheGuardrailAndThePattern() {
		assertThatThrownBy(() -> GuardrailConfiguration.builtIn("no-ids",
				definition("deny", List.of("ID-[0-9"), null, null, null, "error"), null))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("bpmn-agents.guardrails.no-ids")
			.hasMessageContaining("'ID-[0-9' is not a valid regular expression");
	}

	@Test
	void anUnknownTypeOrAJudgeWithoutPolicyStopsTheStart() {
		assertThatThrownBy(() -> GuardrailConfiguration.builtIn("x",
				definition("profanity", List.of(), null, null, null, "error"), null))
			.hasMessageContaining("bpmn-agents.guardrails.x.type must be one of");
		assertThatThrownBy(() -> GuardrailConfiguration.builtIn("j",
				definition("judge", List.of(), null, "reviewer", null, "error"), null))
			.hasMessageContaining("needs an agent and a policy");
		assertThatThrownBy(() -> GuardrailConfiguration.builtIn("pii",
				definition("deny", List.of("x"), null, null, null, "error"), null))
			.hasMessageContaining("built-in PII redaction");
	}

	@Test
	void theBuiltInPiiMayBeGivenARegionWithoutItsType() {
		GuardrailDefinition regionOnly = new GuardrailDefinition(null, null, null, null, null, null, null, null, "DE");
		this.named.put("pii", GuardrailConfiguration.builtIn("pii", regionOnly.withTypeFor("pii"), null));

		assertThat(guardrails().checkInput(List.of("pii"), "Call (030) 12345678", null))
			.isEqualTo(new GuardrailVerdict.Passed("Call [phone number]",
					List.of(new GuardrailDecision("pii", "input", "rewrite", null, "Call [phone number]"))));
	}

	private void define(String name, GuardrailDefinition definition) {
		this.named.put(name, GuardrailConfiguration.builtIn(name, definition, null));
	}

	private Guardrails guardrails() {
		return new Guardrails(this.named);
	}

	private static GuardrailDefinition definition(String type, List<String> patterns, Integer max, String agent,
			String policy, String onFail) {
		return new GuardrailDefinition(type, patterns, max, agent, policy, null, onFail, null, null);
	}

}
