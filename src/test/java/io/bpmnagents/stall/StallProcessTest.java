package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A looping agent raises the BPMN escalation AGENT_STALLED: an interrupting boundary
 * event (Camunda allows escalation boundary events on subprocesses, not on service tasks)
 * sends it to a person, a non-interrupting one pauses the task while a person decides;
 * where nothing catches it, the task is an incident.
 */
class StallProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Test
	void anAgentThatAsksForTheSameToolCallAgainAndAgainIsSentToAPerson() {
		researcherReadsTheSameNotesForever();
		ProcessInstance instance = start("stall-caught", true);

		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_Decide").hasNotPassed("EndEvent_Answered");
		// Asked for the same call three times: two ran, the third was not run.
		assertThat(this.model.callsOf("researcher")).hasSize(3);
		assertThat(this.runtime.getVariable(instance.getId(), "stallReason")).asString()
			.contains("'workspace_read' with the same arguments 3 times");
	}

	@Test
	void aStallThatNothingCatchesIsAnIncident() {
		researcherReadsTheSameNotesForever();
		ProcessInstance instance = start("stall-uncaught", false);

		this.driver.runUntilQuiet();

		assertThat(instance).isNotEnded();
		assertThat(this.runs.view(instance.getId()).incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("AGENT_STALLED")
				.contains("same arguments 3 times"));
	}

	@Test
	void inAModellersOwnFlowANonInterruptingCatchPausesTheAgentUntilThePersonsDecisionLetsItGoOn() {
		researcherReadsTheSameNotesForever();
		ProcessInstance instance = start("stall-paused", LoopingResearcher.paused("stall-paused"));
		this.driver.runUntilQuiet();
		assertThat(instance).isWaitingAt("Task_Ask", "UserTask_Decide").hasNotPassed("EndEvent_Answered");
		ExternalTask paused = this.engine.getExternalTaskService()
			.createExternalTaskQuery()
			.processInstanceId(instance.getId())
			.activityId("Task_Ask")
			.singleResult();
		Task decision = this.engine.getTaskService()
			.createTaskQuery()
			.processInstanceId(instance.getId())
			.singleResult();
		assertThat(this.engine.getTaskService().getVariable(decision.getId(), "stalledTask")).isEqualTo(paused.getId());
		this.model.scriptMessage("researcher", (call) -> AiMessage.from("The tide turns twice a day."));

		this.engine.getTaskService()
			.complete(decision.getId(), Map.of("stallDecision", "instruct", "stallInstruction", "Answer briefly."));
		this.driver.runUntilQuiet();

		assertThat(instance).hasPassed("Task_Resume", "EndEvent_Answered").isEnded();
		assertThat(this.model.callsOf("researcher").get(3).prompt())
			.endsWith("Instruction from the person who decided: Answer briefly.");
	}

	private ProcessInstance start(String key, boolean caught) {
		return start(key, LoopingResearcher.model(key, caught));
	}

	private ProcessInstance start(String key, BpmnModelInstance model) {
		this.repository.createDeployment().addModelInstance(key + ".bpmn", model).deploy();
		return this.runtime.startProcessInstanceByKey(key, Map.of("task", "Read your notes"));
	}

	/**
	 * The researcher asks for the same tool call, with the same arguments, every time.
	 */
	private void researcherReadsTheSameNotesForever() {
		this.model.scriptMessage("researcher",
				(call) -> AiMessage.from(List.of(ToolExecutionRequest.builder()
					.id("c" + call.toolResults().size())
					.name("workspace_read")
					.arguments("{\"name\": \"notes\"}")
					.build())));
	}

}
