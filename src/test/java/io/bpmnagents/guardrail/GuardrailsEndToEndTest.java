package io.bpmnagents.guardrail;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails over HTTP against the simulator: personal data is redacted from what the
 * model reads and from the answer a run keeps, and the transcript shows each decision
 * without the redacted data.
 */
// A context of its own (its guardrail settings) gets a database and an engine name of its
// own: a second engine on the shared database would take other tests' tasks, and a second
// "default" their REST calls.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:guardrail-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=guardrailEndToEndTests", "bpmn-agents.guardrails.pii-answers.type=pii",
		"bpmn-agents.guardrails.pii-answers.on=output" })
class GuardrailsEndToEndTest extends EndToEndApiTest {

	@Test
	void aModelWhoseTaskNamesAnUnknownGuardrailIsRefusedAtDeploymentNamingTaskAndGuardrail() {
		ResponseEntity<JsonNode> refused = this.api.deploy("typo-guardrail",
				Map.of("typo-guardrail.bpmn", reply("typo-guardrail", "pii-answers, pii-anwsers")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText())
			.contains("Agent task 'Task_Reply' (property 'guardrails')")
			.contains("unknown guardrail(s) [pii-anwsers]")
			.contains("known are pii, pii-answers");
	}

	@Test
	void theShippedGuardedAnswerNeverShowsTheModelOrTheResultAnEmailAddress() {
		EndedRun run = this.api.runToCompletion("guarded-answer",
				Map.of("task", "Ask jane.doe@example.com about the invoice."));

		assertThat(run.output().path("result").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode call = run.calls().get(0);
		assertThat(call.path("prompt").asText()).isEqualTo("Ask [e-mail] about the invoice.");
		assertThat(call.toString()).doesNotContain("jane.doe");
		assertRewritten(call.path("guardrails").get(0), "pii", "input");
	}

	@Test
	void anAnswerWithAnEmailAddressIsStoredRedactedAndTheDecisionIsInTheTranscript() {
		assertThat(
				this.api.deploy("redacted-reply", Map.of("redacted-reply.bpmn", reply("redacted-reply", "pii-answers")))
					.getStatusCode()
					.value())
			.isEqualTo(200);
		EndedRun run = this.api.runToCompletion("redacted-reply", Map.of("contact", "jane.doe@example.com"));

		assertThat(run.output().path("reply").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode call = run.calls().get(0);
		// Only the answer is guarded here: the model read the address, and the
		// simulator quoted it back.
		assertThat(call.path("prompt").asText()).isEqualTo("Reply to jane.doe@example.com");
		assertThat(call.path("response").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode decision = call.path("guardrails").get(0);
		assertRewritten(decision, "pii-answers", "output");
		assertThat(decision.path("after").asText()).isEqualTo(call.path("response").asText());
	}

	private static void assertRewritten(JsonNode decision, String guardrail, String direction) {
		assertThat(decision.path("guardrail").asText()).isEqualTo(guardrail);
		assertThat(decision.path("direction").asText()).isEqualTo(direction);
		assertThat(decision.path("outcome").asText()).isEqualTo("rewrite");
	}

	/** The writer replies to a contact, under these guardrails. */
	private static String reply(String key, String guardrails) {
		return AgentTaskChains.xml(key,
				Step.of("Task_Reply", "writer", "Reply to ${contact}", "reply").with("guardrails", guardrails));
	}

}
