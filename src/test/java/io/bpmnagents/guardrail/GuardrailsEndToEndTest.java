package io.bpmnagents.guardrail;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guardrails over HTTP against the simulator: personal data is redacted from what the
 * model reads and from the answer a run keeps, and the transcript shows each decision
 * without the redacted data.
 */
@EndToEndTest
// A context of its own (its guardrail settings) gets a database and an engine name of its
// own: a second engine on the shared database would take other tests' tasks, and a second
// "default" their REST calls.
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:guardrail-e2e-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=guardrailEndToEndTests", "bpmn-agents.guardrails.pii-answers.type=pii",
		"bpmn-agents.guardrails.pii-answers.on=output" })
class GuardrailsEndToEndTest {

	private static final String ANSWER_ONLY = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Reply" targetNamespace="test">
			  <bpmn:process id="redacted-reply" name="Redacted reply" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="StartEvent_Contact" name="Contact given" />
			    <bpmn:sequenceFlow id="Flow_ToReply" sourceRef="StartEvent_Contact" targetRef="Task_Reply" />
			    <bpmn:serviceTask id="Task_Reply" name="Write a reply" camunda:type="external" camunda:topic="agent-task">
			      <bpmn:extensionElements>
			        <camunda:properties>
			          <camunda:property name="agent" value="writer" />
			          <camunda:property name="prompt" value="Reply to ${contact}" />
			          <camunda:property name="resultVariable" value="reply" />
			          <camunda:property name="guardrails" value="pii-answers" />
			        </camunda:properties>
			      </bpmn:extensionElements>
			    </bpmn:serviceTask>
			    <bpmn:sequenceFlow id="Flow_ToEnd" sourceRef="Task_Reply" targetRef="EndEvent_Replied" />
			    <bpmn:endEvent id="EndEvent_Replied" name="Replied" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	@Autowired
	ApiClient api;

	@Test
	void aModelWhoseTaskNamesAnUnknownGuardrailIsRefusedAtDeploymentNamingTaskAndGuardrail() {
		ResponseEntity<JsonNode> refused = this.api.deploy("typo-guardrail",
				Map.of("typo-guardrail.bpmn", ANSWER_ONLY.replace("redacted-reply", "typo-guardrail")
					.replace("value=\"pii-answers\"", "value=\"pii-answers, pii-anwsers\"")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText())
			.contains("Agent task 'Task_Reply' (property 'guardrails')")
			.contains("unknown guardrail(s) [pii-anwsers]")
			.contains("known are pii, pii-answers");
	}

	@Test
	void theShippedGuardedAnswerNeverShowsTheModelOrTheResultAnEmailAddress() {
		String id = this.api.start("guarded-answer", Map.of("task", "Ask jane.doe@example.com about the invoice."));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("output").path("result").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode call = this.api.transcript(id).get(0);
		assertThat(call.path("prompt").asText()).isEqualTo("Ask [e-mail] about the invoice.");
		assertThat(call.toString()).doesNotContain("jane.doe");
		assertThat(call.path("guardrails").get(0).path("guardrail").asText()).isEqualTo("pii");
		assertThat(call.path("guardrails").get(0).path("direction").asText()).isEqualTo("input");
		assertThat(call.path("guardrails").get(0).path("outcome").asText()).isEqualTo("rewrite");
	}

	@Test
	void anAnswerWithAnEmailAddressIsStoredRedactedAndTheDecisionIsInTheTranscript() {
		assertThat(
				this.api.deploy("redacted-reply", Map.of("redacted-reply.bpmn", ANSWER_ONLY)).getStatusCode().value())
			.isEqualTo(200);
		String id = this.api.start("redacted-reply", Map.of("contact", "jane.doe@example.com"));

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(run.path("output").path("reply").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode call = this.api.transcript(id).get(0);
		// Only the answer is guarded here: the model read the address, and the
		// simulator quoted it back.
		assertThat(call.path("prompt").asText()).isEqualTo("Reply to jane.doe@example.com");
		assertThat(call.path("response").asText()).contains("[e-mail]").doesNotContain("jane.doe");
		JsonNode decision = call.path("guardrails").get(0);
		assertThat(decision.path("guardrail").asText()).isEqualTo("pii-answers");
		assertThat(decision.path("direction").asText()).isEqualTo("output");
		assertThat(decision.path("outcome").asText()).isEqualTo("rewrite");
		assertThat(decision.path("after").asText()).isEqualTo(call.path("response").asText());
	}

}
