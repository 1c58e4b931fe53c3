package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.StructuredAnswerModels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Structured output over real HTTP: a process deployed as the Modeler does, whose agent
 * task declares a JSON Schema, run through {@code /api/runs} against the simulator, which
 * answers with JSON generated from the schema (or, when told to, broken JSON).
 */
class StructuredAnswerEndToEndTest extends EndToEndApiTest {

	@BeforeEach
	void deployOrderIntake() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("order-intake-e2e",
				Map.of("order-intake-e2e.bpmn", StructuredAnswerModels.orderIntake("order-intake-e2e", "answerSchema",
						StructuredAnswerModels.ORDER_SCHEMA)));
		assertThat(deployed.getStatusCode().value()).as("%s", deployed.getBody()).isEqualTo(200);
	}

	@Test
	void theSimulatorsSchemaShapedAnswerIsValidatedAndStoredAsJson() {
		EndedRun run = this.api.runToCompletion("order-intake-e2e", Map.of("task", "Two teapots, gift wrapped"));

		JsonNode order = run.output().path("order");
		assertThat(order.path("item").asText()).isNotBlank();
		assertThat(order.path("quantity").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(order.path("tags").isArray()).isTrue();
		List<JsonNode> calls = run.calls();
		assertThat(calls).singleElement()
			.satisfies((call) -> assertThat(call.path("prompt").asText()).contains("valid against this JSON Schema"));
	}

	@Test
	void anUnusableFirstAnswerIsAskedAgainOnceAndBothCallsAreInTheTranscript() {
		this.simulator.malformNext(1);
		EndedRun run = this.api.runToCompletion("order-intake-e2e", Map.of("task", "One teapot"));

		List<JsonNode> calls = run.calls();
		assertThat(calls).extracting((call) -> call.path("activityId").asText())
			.containsExactly("Task_Extract", "Task_Extract");
		assertThat(calls.get(1).path("prompt").asText()).startsWith("Your previous answer could not be used")
			.contains(calls.get(0).path("response").asText());
		assertThat(run.output().path("order").path("quantity").asInt()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void twoUnusableAnswersEndOnTheBpmnErrorThatTheBoundaryEventCatches() {
		this.simulator.malformNext(2);
		EndedRun run = this.api.runToEnd("order-intake-e2e", Map.of("task", "One teapot"));

		assertThat(run.status()).isEqualTo("FAILED");
		assertThat(run.view().path("incidents").size()).isZero();
		assertThat(run.output().path("orderError").asText()).contains("answered twice");
		assertThat(run.output().path("unreadableBecause").asText()).contains("not valid JSON");
		assertThat(run.calls()).hasSize(2);
	}

	@Test
	void aDiagramWithABrokenSchemaIsRefusedWithA400NamingTheElement() {
		ResponseEntity<JsonNode> refused = this.api.deploy("broken-schema",
				Map.of("broken-schema.bpmn", StructuredAnswerModels.orderIntake("broken-schema", "answerSchema",
						"{\"type\": \"object\", \"properties\": {\"n\": {\"type\": 5}}}")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().path("message").asText()).contains("Element 'Task_Extract'")
			.contains("'broken-schema'")
			.contains("not a usable JSON Schema");
	}

}
