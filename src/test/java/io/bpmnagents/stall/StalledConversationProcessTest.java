package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import org.camunda.bpm.engine.AuthorizationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A round-robin conversation whose turns repeat each other raises AGENT_STALLED; an
 * approver decides in Tasklist whether it continues, stops, or continues with an
 * instruction that joins the conversation before the next turn.
 */
class StalledConversationProcessTest extends StalledPatternProcessTest {

	@BeforeEach
	void givenAConversationThatRepeatsItself() {
		this.model.script("writer", (call) -> "I agree with everything said.");
		this.model.script("editor", (call) -> "Let us keep it as it is.");
		startAndRunUntilQuiet("round-robin-conversation", Map.of("task", "Plan a trip", "agents",
				List.of("writer", "editor"), "maxTurns", 10, "terminationPhrase", "ALL_SET"));
	}

	@Test
	void aStalledConversationWaitsForAnApproverInsteadOfBecomingAnIncident() {
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall").hasPassed("BoundaryEvent_AgentStalled");
		assertWaitsForAnApproverBecause("The conversation repeats itself");
	}

	@Test
	void continueLetsTheAgentsGoOn() {
		this.model.script("writer", (call) -> "A new plan: the coast by train.\nALL_SET");

		decideAsApprover(Map.of("stallDecision", "continue"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("Gateway_StallDecision")
			.hasNotPassed("Task_AddInstruction", "EndEvent_StoppedAfterStall")
			.isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(String.valueOf(ended.output().get("result"))).contains("the coast by train");
	}

	@Test
	void stopEndsTheRunAsAStoppedRunWithWhatItHas() {
		decideAsApprover(Map.of("stallDecision", "stop"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("EndEvent_StoppedAfterStall").isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(ended.endedBy()).isEqualTo("stop");
		assertThat(String.valueOf(ended.output().get("conversation"))).contains("Let us keep it as it is.");
		// Four turns were taken; the fifth, which repeated, was the stall.
		assertThat(this.model.calls()).hasSize(5);
	}

	@Test
	void anInstructionJoinsTheConversationInTheApproversNameBeforeTheNextTurn() {
		this.model.script("writer", (call) -> String.valueOf(call.messages()).contains("Pick a destination first")
				? "Lisbon, then.\nALL_SET" : "I agree with everything said.");

		decideAsApprover(Map.of("stallDecision", "instruct", "stallInstruction", "Pick a destination first."));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("Task_AddInstruction").isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(String.valueOf(ended.output().get("conversation"))).contains("Pick a destination first.")
			.contains(ApproverDecides.APPROVER)
			.contains("Lisbon, then.");
	}

	@Test
	void aDecisionCarriesTheDecisionAndTheInstructionOnly() {
		assertThatThrownBy(
				() -> decideAsApprover(Map.of("stallDecision", "continue", "conversation", "rewritten by a person")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("may not set variable 'conversation'");
		assertThatThrownBy(() -> decideAsApprover(Map.of("stallDecision", "instruct")))
			.hasMessageContaining("'stallInstruction' is required with 'instruct'");
		assertThatThrownBy(() -> decideAsApprover(Map.of("stallDecision", "pause")))
			.hasMessageContaining("'stallDecision' must be 'continue'");
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall");
	}

	@Test
	void onlyApproversDecideOnAStalledConversation() {
		assertAnOperatorMayNotDecide();
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall");
	}

}
