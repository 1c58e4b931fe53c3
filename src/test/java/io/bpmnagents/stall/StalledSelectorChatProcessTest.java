package io.bpmnagents.stall;

import java.util.Map;

import io.bpmnagents.run.RunView;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A selector group chat whose chosen speaker repeats itself waits for an approver, like a
 * round-robin conversation; after the decision the selector picks again, seeing any
 * instruction.
 */
class StalledSelectorChatProcessTest extends StalledPatternProcessTest {

	@Test
	void anInstructionReachesTheSelectorAndTheNextSpeakerOfAStalledChat() {
		this.model.script("coordinator", (call) -> "writer");
		this.model.script("writer", (call) -> String.valueOf(call.messages()).contains("Settle on one date")
				? "The launch is on the first of May.\nALL_SET" : "We should pick a good date.");
		RunView run = this.runs.start("selector-group-chat",
				Map.of("task", "Plan a launch", "maxTurns", 10, "terminationPhrase", "ALL_SET"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();
		assertThat(instance).isWaitingAt("UserTask_DecideOnStall");
		int selections = this.model.callsOf("coordinator").size();

		decideAsApprover(run, "instruct", "Settle on one date.");
		this.driver.runUntilQuiet();

		assertThat(instance).hasPassed("Task_AddInstruction").isEnded();
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.callsOf("coordinator")).hasSize(selections + 1);
		assertThat(this.model.callsOf("coordinator").get(selections).prompt()).contains("Settle on one date.");
	}

	@Test
	void stopEndsAStalledChatAsAStoppedRun() {
		this.model.script("coordinator", (call) -> "writer");
		this.model.script("writer", (call) -> "We should pick a good date.");
		RunView run = this.runs.start("selector-group-chat", Map.of("task", "Plan a launch", "maxTurns", 10));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		decideAsApprover(run, "stop", null);
		this.driver.runUntilQuiet();

		assertThat(instance).hasPassed("EndEvent_StoppedAfterStall").isEnded();
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.STOPPED);
	}

	private void decideAsApprover(RunView run, String decision, String instruction) {
		ApproverDecides.decide(this.tasks, this.identity, run.id(),
				(instruction != null) ? Map.of("stallDecision", decision, "stallInstruction", instruction)
						: Map.of("stallDecision", decision));
	}

}
