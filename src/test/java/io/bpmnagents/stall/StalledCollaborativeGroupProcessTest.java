package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import org.camunda.bpm.engine.AuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.historyService;

/**
 * A collaborative group whose analyst loops in its tool calls in the first iteration
 * raises AGENT_STALLED; the iteration stops and an approver decides whether the group
 * goes on, stops, or goes on with an instruction that joins the team's ideas.
 */
class StalledCollaborativeGroupProcessTest extends StalledPatternProcessTest {

	@BeforeEach
	void givenAnAnalystThatLoopsWhenItBuildsOnTheIdeas() {
		this.model.scriptMessage("analyst",
				(call) -> call.prompt().contains("Build on these ideas")
						? AiMessage.from(List.of(ToolExecutionRequest.builder()
							.id("c" + call.toolResults().size())
							.name("workspace_read")
							.arguments("{\"name\": \"notes\"}")
							.build()))
						: AiMessage.from("analyst: a first idea"));
		startAndRunUntilQuiet("collaborative-group",
				Map.of("task", "Name a product", "agents", List.of("analyst", "writer"), "maxIterations", 2));
	}

	@Test
	void aStalledIterationWaitsForAnApproverInsteadOfBecomingAnIncident() {
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall")
			.hasPassed("StartEvent_AgentStalled")
			.hasNotPassed("Task_Synthesize");
		assertWaitsForAnApproverBecause("'workspace_read' with the same arguments 3 times");
		// The writer's turn in the stalled iteration is not taken.
		assertThat(this.model.callsOf("writer")).hasSize(1);
	}

	@Test
	void continueEndsTheStalledIterationAndTheGroupGoesOn() {
		this.model.scriptMessage("analyst", (call) -> AiMessage.from("analyst: a better idea"));

		decideAsApprover(Map.of("stallDecision", "continue"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("EndEvent_StallDecided", "Task_Synthesize")
			.hasNotPassed("Task_AddInstruction", "EndEvent_StoppedAfterStall")
			.isEnded();
		assertThat(historyService().createHistoricActivityInstanceQuery()
			.processInstanceId(this.run.id())
			.activityId("StartEvent_IterationBegins")
			.count()).as("iterations held").isEqualTo(2);
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(workspaceTypes(ended)).containsExactlyInAnyOrder("initial_idea", "initial_idea", "iteration_2",
				"iteration_2");
		assertThat(ended.output().get("ideas"))
			.isEqualTo(Map.of("analyst", "analyst: a better idea", "writer", "writer answer 2"));
	}

	@Test
	void stopEndsTheRunAsAStoppedRunWithWhatItHas() {
		decideAsApprover(Map.of("stallDecision", "stop"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("EndEvent_StoppedAfterStall").hasNotPassed("Task_Synthesize").isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(ended.endedBy()).isEqualTo("stop");
		assertThat(ended.output().get("ideas"))
			.isEqualTo(Map.of("analyst", "analyst: a first idea", "writer", "writer answer 1"));
		assertThat(workspaceTypes(ended)).containsExactlyInAnyOrder("initial_idea", "initial_idea");
	}

	@Test
	void anInstructionJoinsTheTeamsIdeasInTheApproversNameBeforeTheNextIteration() {
		this.model.scriptMessage("analyst", (call) -> AiMessage
			.from(call.prompt().contains("Pick a short name") ? "analyst: Tidal" : "analyst: still thinking"));

		decideAsApprover(Map.of("stallDecision", "instruct", "stallInstruction", "Pick a short name."));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("Task_AddInstruction", "EndEvent_StallDecided", "Task_Synthesize")
			.isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.callsOf("writer").get(1).prompt())
			.contains("instruction from " + ApproverDecides.APPROVER)
			.contains("Pick a short name.")
			.contains("analyst: Tidal");
		assertThat(this.model.callsOf("coordinator").get(0).prompt()).contains("Pick a short name.");
		assertThat(workspaceNotes(ended)).anySatisfy((note) -> assertThat(note).containsEntry("type", "instruction")
			.containsEntry("from", ApproverDecides.APPROVER)
			.containsEntry("content", "Pick a short name."));
	}

	@Test
	void onlyApproversDecideAndOnlyTheDecision() {
		assertAnOperatorMayNotDecide();

		assertThatThrownBy(
				() -> decideAsApprover(Map.of("stallDecision", "continue", "ideas", Map.of("analyst", "forged"))))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("may not set variable 'ideas'");
		assertThatThrownBy(() -> decideAsApprover(Map.of("stallDecision", "instruct")))
			.hasMessageContaining("'stallInstruction' is required with 'instruct'");
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall");
	}

	private static List<Object> workspaceTypes(RunView run) {
		return workspaceNotes(run).stream().map((note) -> note.get("type")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> workspaceNotes(RunView run) {
		return (List<Map<String, Object>>) run.output().get("workspace");
	}

}
