package io.bpmnagents.task;

import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.camunda.bpm.model.bpmn.builder.ServiceTaskBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Collecting completions take turns only where the deployed model lets two of them happen
 * at the same moment; in a flow that never forks they commit without the process
 * instance's row lock and without numbering their order.
 */
class CollectingTurnsProcessTest extends PatternProcessTest {

	private static final Step FIRST = Step.of("Task_First", "researcher", "${task}", "result")
		.with("appendTo", "findings");

	private static final Step SECOND = Step.of("Task_Second", "writer", "${result}", "result")
		.with("appendTo", "findings");

	@Autowired
	CollectingTurns turns;

	@Test
	void theSequentialPipelineCollectsOneAnswerAtATime() {
		assertThat(this.turns.needed(latest("sequential-pipeline"))).isFalse();
	}

	@Test
	void theParallelFanoutsAnswersTakeTurns() {
		assertThat(this.turns.needed(latest("parallel-fanout"))).isTrue();
	}

	@Test
	void collectingTasksOneAfterAnotherOrOnAChosenBranchNeedNoTurns() {
		assertThat(this.turns.needed(deploy(AgentTaskChains.model("collect-in-turn-chain", FIRST, SECOND)))).isFalse();
		assertThat(this.turns.needed(deploy(Bpmn.createExecutableProcess("collect-in-turn-choice")
			.camundaHistoryTimeToLive(1)
			.startEvent("Start")
			.exclusiveGateway("Gateway_Which")
			.condition("first", "${task == 'a'}")
			.serviceTask("Task_First")
			.camundaExternalTask("agent-task")
			.endEvent("End_First")
			.moveToNode("Gateway_Which")
			.condition("second", "${task != 'a'}")
			.serviceTask("Task_Second")
			.camundaExternalTask("agent-task")
			.endEvent("End_Second")
			.done()))).isFalse();
	}

	@Test
	void aParallelMultiInstanceOrGatewayMakesCollectorsTakeTurns() {
		assertThat(this.turns
			.needed(deploy(AgentTaskChains.model("collect-in-turn-each", FIRST.forEachOf("agents", "agent")))))
			.isTrue();
		assertThat(this.turns
			.needed(deploy(AgentTaskChains
				.then(AgentTaskChains.then(AgentTaskChains.chain("collect-in-turn-fork").parallelGateway("Fork"), FIRST)
					.parallelGateway("Join")
					.moveToNode("Fork"), SECOND)
				.connectTo("Join")
				.endEvent("End")
				.done())))
			.isTrue();
	}

	@Test
	void aNonInterruptingBoundaryEventMakesCollectorsTakeTurns() {
		assertThat(this.turns.needed(deploy(
				((ServiceTaskBuilder) AgentTaskChains.then(AgentTaskChains.chain("collect-in-turn-reminder"), FIRST))
					.boundaryEvent("Boundary_Reminder")
					.cancelActivity(false)
					.timerWithDuration("PT1H")
					.endEvent("End_Reminded")
					.moveToActivity("Task_First")
					.endEvent("End")
					.done())))
			.isTrue();
	}

	@Test
	void anEventSubprocessThatCollectsMakesCollectorsTakeTurnsOneThatOnlyAsksDoesNot() {
		assertThat(this.turns.needed(deploy(withEventSubprocess("collect-in-turn-side", SECOND)))).isTrue();
		assertThat(this.turns.needed(
				deploy(withEventSubprocess("collect-in-turn-side-ask", Step.of("Task_Second", "writer", "x", "y")))))
			.isFalse();
	}

	@Test
	void aDefinitionThisNodeHasNotCachedTakesTurns() {
		assertThat(this.turns.needed("collect-in-turn-unknown:1:none")).isTrue();
	}

	/**
	 * FIRST in the main flow; {@code side} in a non-interrupting timer event subprocess.
	 */
	private static BpmnModelInstance withEventSubprocess(String key, Step side) {
		ProcessBuilder process = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1);
		AgentTaskChains
			.then(process.eventSubProcess("SubProcess_Side")
				.startEvent("Start_Side")
				.interrupting(false)
				.timerWithDuration("PT1H"), side)
			.endEvent("End_Side");
		return AgentTaskChains.then(process.startEvent("Start"), FIRST).endEvent("End").done();
	}

}
