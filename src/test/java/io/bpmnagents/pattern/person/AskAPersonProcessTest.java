package io.bpmnagents.pattern.person;

import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.ToolCallStore;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

/**
 * ask-a-person: the agent calls the process person-answers as a tool; the engine runs it
 * as a called process (a person's task in Tasklist), and the agent continues with the
 * answer where its model stopped.
 */
class AskAPersonProcessTest extends PatternProcessTest {

	@Autowired
	ToolCallStore toolCalls;

	@Test
	void theAgentAsksAPersonThroughACalledProcessAndAnswersWithWhatTheySaid() {
		this.model.callToolThenAnswer("researcher", "person-answers",
				"{\"question\": \"When does the shop open on Sundays?\"}", "The shop opens at ");
		RunView run = this.runs.start("ask-a-person", Map.of("task", "Tell a customer when the shop opens on Sundays"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("CallActivity_Tools").hasPassed("Task_Answer", "Gateway_ToolsRequested");
		ProcessInstance asked = calledBy(run);
		assertThat(asked).hasProcessDefinitionKey("person-answers")
			.isWaitingAt("UserTask_Answer")
			.variables()
			.containsEntry("question", "When does the shop open on Sundays?");
		assertThat(this.model.callsOf("researcher")).hasSize(1);

		complete(task(asked), withVariables("answer", "ten o'clock"));
		this.driver.runUntilQuiet();

		assertThat(asked).isEnded();
		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_Answer", "Gateway_ToolsRequested", "CallActivity_Tools", "Task_Answer",
					"Gateway_ToolsRequested", "EndEvent_Answered");
		assertThat(this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName("result")
			.singleResult()
			.getValue()).isEqualTo("The shop opens at {\"answer\":\"ten o'clock\"}");
		List<FakeModel.Call> calls = this.model.callsOf("researcher");
		assertThat(calls).hasSize(2);
		assertThat(calls.get(0).tools()).containsExactly("person-answers");
		assertThat(calls.get(1).messages()).extracting((message) -> message.type().name())
			.containsExactly("SYSTEM", "USER", "AI", "TOOL_EXECUTION_RESULT");
		assertThat(this.toolCalls.forRun(instance.getId())).singleElement().satisfies((call) -> {
			assertThat(call.tool()).isEqualTo("person-answers");
			assertThat(call.result()).isEqualTo("{\"answer\":\"ten o'clock\"}");
			assertThat(call.startedAt()).isBeforeOrEqualTo(call.endedAt());
			assertThat(call.latencyMs())
				.isEqualTo(java.time.Duration.between(call.startedAt(), call.endedAt()).toMillis());
		});
	}

	@Test
	void argumentsTheProcessWouldRefuseGoBackToTheModelAsAnErrorAndNoProcessStarts() {
		this.model.callToolThenAnswer("researcher", "person-answers", "{\"questoin\": \"Opening hours?\"}",
				"Could not ask: ");
		RunView run = this.runs.start("ask-a-person", Map.of("task", "Tell a customer when the shop opens"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasNotPassed("CallActivity_Tools");
		assertThat(this.model.callsOf("researcher").get(1).toolResults().get(0).text())
			.contains("Unknown input field 'questoin'", "question");
		assertThat(this.toolCalls.forRun(instance.getId())).singleElement()
			.satisfies((call) -> assertThat(call.error()).contains("Unknown input field 'questoin'"));
	}

	@Test
	void anAgentThatNeedsNoPersonAnswersStraightAway() {
		RunView run = this.runs.start("ask-a-person", Map.of("task", "Say hello"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_Answer", "EndEvent_Answered").hasNotPassed("CallActivity_Tools");
	}

}
