package io.bpmnagents.task;

import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.support.StructuredAnswerModels;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * An agent task with an answer schema: a fitting answer lands as JSON, a broken one is
 * asked again once with the validation errors, a second broken one ends on the BPMN error
 * that the diagram's boundary event catches; a broken schema refuses the deployment.
 */
class StructuredAnswerProcessTest extends PatternProcessTest {

	private static final String ORDER = "{\"item\": \"teapot\", \"quantity\": 2, \"tags\": [\"gift\"]}";

	@Autowired
	RepositoryService repository;

	private String deploymentId;

	@AfterEach
	void undeploy() {
		if (this.deploymentId != null) {
			this.repository.deleteDeployment(this.deploymentId, true);
		}
	}

	private RunView startInline() {
		deploy(Map.of("order-intake.bpmn", StructuredAnswerModels.orderIntake("order-intake", "answerSchema",
				StructuredAnswerModels.ORDER_SCHEMA)));
		return this.runs.start("order-intake", Map.of("task", "Two teapots please, it's a gift."));
	}

	private void deploy(Map<String, String> files) {
		var builder = this.repository.createDeployment().name("structured-answer-test");
		files.forEach((name, text) -> builder.addString(name, text));
		this.deploymentId = builder.deploy().getId();
	}

	@Test
	void givenAnAnswerThatFitsTheSchemaThenItLandsInTheResultVariableAsJson() {
		this.model.script("researcher", (call) -> ORDER);
		RunView run = startInline();
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_Extracted");
		FakeModel.Call call = this.model.callsOf("researcher").get(0);
		assertThat(call.schema()).contains("\"quantity\":{\"type\":\"integer\",\"minimum\":1}");
		assertThat(call.prompt()).startsWith("Extract the order from this mail: Two teapots")
			.contains("Answer with JSON only, valid against this JSON Schema:");
		assertThat(this.model.callsOf("researcher")).hasSize(1);
		Object order = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(run.id())
			.variableName("order")
			.singleResult()
			.getValue();
		assertThat(order).isEqualTo(Map.of("item", "teapot", "quantity", 2, "tags", List.of("gift")));
	}

	@Test
	void givenABrokenAnswerThenTheAgentIsAskedOnceMoreWithTheValidationErrors() {
		this.model.script("researcher", (call) -> (this.model.callsOf("researcher").size() == 1)
				? "{\"item\": \"teapot\", \"quantity\": 0, \"colour\": \"blue\"}" : ORDER);
		RunView run = startInline();
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_Extracted").hasNotPassed("BoundaryEvent_Unreadable");
		List<FakeModel.Call> calls = this.model.callsOf("researcher");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(1).prompt()).startsWith("Your previous answer could not be used: it does not match")
			.contains("$.quantity", "colour")
			.contains("The question again:");
		assertThat(calls.get(1).schema()).isEqualTo(calls.get(0).schema());
	}

	@Test
	void givenTwoBrokenAnswersThenTheBpmnErrorIsCaughtByTheBoundaryEventAndSaysWhy() {
		this.model.script("researcher", (call) -> "Sorry, I cannot read this mail.");
		RunView run = startInline();
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassed("BoundaryEvent_Unreadable", "EndEvent_FailedExtraction")
			.hasNotPassed("EndEvent_Extracted");
		assertThat(this.model.callsOf("researcher")).hasSize(2);
		RunView ended = this.runs.view(run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(ended.incidents()).isEmpty();
		var history = this.engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(run.id());
		assertThat((String) history.variableName("orderError").singleResult().getValue()).contains("not valid JSON")
			.contains("Sorry, I cannot read this mail.");
		assertThat((String) this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(run.id())
			.variableName("unreadableBecause")
			.singleResult()
			.getValue()).contains("answered twice");
	}

	@Test
	void givenTwoBrokenAnswersAndNothingThatCatchesTheErrorThenTheRunWaitsOnAnIncidentInsteadOfEndingSilently() {
		this.model.script("researcher", (call) -> "Sorry, I cannot read this mail.");
		deploy(Map.of("order-uncaught.bpmn", StructuredAnswerModels.orderIntakeUncaught("order-uncaught",
				"answerSchema", StructuredAnswerModels.ORDER_SCHEMA)));
		RunView run = this.runs.start("order-uncaught", Map.of("task", "Two teapots please."));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded().isWaitingAt("Task_Extract");
		RunView waiting = this.runs.view(run.id());
		assertThat(waiting.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(waiting.incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("not valid JSON")
				.contains("catches the BPMN error INVALID_ANSWER"));
	}

	@Test
	void givenASchemaFileDeployedWithTheDiagramThenItIsTheAnswersSchema() {
		this.model.script("researcher", (call) -> ORDER);
		deploy(Map.of("order-file.bpmn",
				StructuredAnswerModels.orderIntake("order-file", "answerSchemaResource", "schemas/order.schema.json"),
				"schemas/order.schema.json", StructuredAnswerModels.ORDER_SCHEMA));
		RunView run = this.runs.start("order-file", Map.of("task", "One teapot"));

		this.driver.runUntilQuiet();

		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.callsOf("researcher").get(0).schema()).contains("\"fragile\"");
	}

	@Test
	void givenABrokenOrMissingSchemaThenTheDeploymentIsRefusedNamingTheElement() {
		assertThatThrownBy(() -> deploy(Map.of("bad-order.bpmn",
				StructuredAnswerModels.orderIntake("bad-order", "answerSchema",
						"{\"type\": \"object\", \"required\": \"item\"}"))))
			.hasCauseInstanceOf(BadUserRequestException.class)
			.hasMessageContaining("Element 'Task_Extract' of process 'bad-order'")
			.hasMessageContaining("answerSchema is not a usable JSON Schema")
			.hasMessageContaining("required");
		assertThatThrownBy(() -> deploy(Map.of("bad-order.bpmn",
				StructuredAnswerModels.orderIntake("bad-order", "answerSchemaResource", "missing.json"))))
			.hasCauseInstanceOf(BadUserRequestException.class)
			.hasMessageContaining("'missing.json' is not in the deployment");
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("bad-order").count()).isZero();
	}

	@Test
	void aSchemaAndAnAnswerListOnOneTaskIsAModellingError() {
		assertThatThrownBy(
				() -> AgentTaskConfig.from("Task_X",
						Map.of("agent", "a", "prompt", "p", "resultVariable", "r", "answerOneOf", "a, b",
								"answerSchema", "{}")))
			.hasMessageContaining("sets a JSON Schema together with 'answerOneOf'");
	}

	@Test
	void aTaskSettingBothRulesIsAModellingError() {
		assertThatThrownBy(() -> AgentTaskConfig.from("Task_X",
				Map.of("agent", "a", "prompt", "p", "resultVariable", "r", "answerOneOf", "a, b", "answerFields", "x")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("both 'answerOneOf' and 'answerFields'");
	}

}
