package io.bpmnagents.stall;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.FakeModel;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * "Pause and ask" in every shipped pattern that had no stall catch of its own: the
 * analyst, put in one role of the pattern, loops in its tool calls (AGENT_STALLED); its
 * task is paused where it is, not ended, and an approver decides. Continue: the agent
 * works on the task again from its start and the run finishes; instruct: the same, with
 * the instruction in its prompt; stop: the run ends STOPPED with what it has.
 */
class PausedAgentProcessTest extends StalledPatternProcessTest {

	private static final String INSTRUCTION = "Keep it to one line.";

	private static final String PLAN = """
			{"assignments": [{"worker": "analyst", "subtask": "Read the notes"}]}""";

	/** A pattern with the analyst in a role that stalls, and how the others answer. */
	record Case(String process, Map<String, Object> input, String decisionTask, Consumer<FakeModel> others) {

		@Override
		public String toString() {
			return this.process;
		}

	}

	static Stream<Case> patterns() {
		String task = "Read your notes on tides";
		return Stream.of(new Case("sequential-pipeline", Map.of("task", task, "agents", List.of("analyst", "writer")),
				"UserTask_DecideOnStall", (model) -> {
				}), new Case("parallel-fanout", Map.of("task", task, "agents", List.of("analyst", "writer")),
						"UserTask_DecideOnStall", (model) -> {
						}),
				new Case("debate", Map.of("task", task, "proponent", "analyst", "maxRounds", 1),
						"UserTask_DecideOnStall", (model) -> {
						}),
				new Case("routing", Map.of("task", task, "classifier", "analyst"), "UserTask_DecideOnStall",
						(model) -> {
						}),
				new Case("hierarchical-delegation",
						Map.of("task", task, "agents", List.of("analyst", "developer"), "workerOrder", "sequential"),
						"UserTask_DecideOnStall",
						(model) -> model.script("project-manager", (call) -> call.json() ? PLAN : "Final: done")),
				new Case("evaluator-optimizer", Map.of("task", task, "generator", "analyst"), "UserTask_DecideOnStall",
						(model) -> model.script("reviewer",
								(call) -> "{\"verdict\": \"pass\", \"feedback\": \"Clear.\"}")),
				// The group's first ideas are outside its iterations: the process-level
				// catch asks there.
				new Case("collaborative-group",
						Map.of("task", task, "agents", List.of("analyst", "writer"), "maxIterations", 1),
						"UserTask_DecideOnPausedAgent", (model) -> {
						}));
	}

	private boolean looping = true;

	/** The analyst asks for the same tool call until it is told to answer. */
	private void given(Case pattern) {
		this.model.scriptMessage("analyst",
				(call) -> this.looping ? AiMessage.from(List.of(ToolExecutionRequest.builder()
					.id("c" + call.toolResults().size())
					.name("workspace_read")
					.arguments("{\"name\": \"notes\"}")
					.build())) : AiMessage.from("analyst: the tides turn twice a day"));
		pattern.others().accept(this.model);
		startAndRunUntilQuiet(pattern.process(), pattern.input());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("patterns")
	void aStalledAgentIsPausedWhereItIsAndAnApproverIsAsked(Case pattern) {
		given(pattern);

		assertThat(this.instance).isWaitingAt(pattern.decisionTask()).hasPassed("StartEvent_AgentPaused");
		assertThat(this.runs.view(this.run.id()).incidents()).isEmpty();
		ExternalTask paused = pausedTask();
		assertThat(paused.getWorkerId()).startsWith("paused");
		assertThat(paused.getErrorMessage()).startsWith("Waiting for a person")
			.contains("'workspace_read' with the same arguments 3 times");
		Task decision = this.tasks.createTaskQuery().processInstanceId(this.run.id()).singleResult();
		assertThat(this.tasks.getVariable(decision.getId(), "stalledTask")).isEqualTo(paused.getId());
		assertThat(this.tasks.getVariable(decision.getId(), "stallReason")).asString()
			.contains("'workspace_read' with the same arguments 3 times");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("patterns")
	void continueLetsTheAgentWorkOnItsTaskAgainAndTheRunFinishes(Case pattern) {
		given(pattern);
		int callsBefore = this.model.callsOf("analyst").size();
		this.looping = false;

		decide(Map.of("stallDecision", "continue"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("Task_ResumeAgent", "EndEvent_AgentResumed").isEnded();
		assertThat(this.runs.view(this.run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		// Asked afresh: the stalled calls are not replayed.
		assertThat(this.model.callsOf("analyst").size()).isGreaterThan(callsBefore);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("patterns")
	void anInstructionReachesTheRetriedPromptInTheApproversName(Case pattern) {
		given(pattern);
		this.looping = false;

		decide(Map.of("stallDecision", "instruct", "stallInstruction", INSTRUCTION));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("Task_ResumeAgent").isEnded();
		assertThat(this.runs.view(this.run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		String said = "Instruction from " + ApproverDecides.APPROVER + ": " + INSTRUCTION;
		assertThat(this.model.callsOf("analyst")).anySatisfy((call) -> assertThat(call.prompt()).endsWith(said));
		assertThat(this.model.calls()).filteredOn((call) -> !"analyst".equals(call.agent()))
			.noneSatisfy((call) -> assertThat(call.prompt()).contains(INSTRUCTION));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("patterns")
	void stopEndsTheRunAsAStoppedRunWithWhatItHas(Case pattern) {
		given(pattern);

		decide(Map.of("stallDecision", "stop"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).hasPassed("EndEvent_StoppedWhilePaused").hasNotPassed("Task_ResumeAgent").isEnded();
		RunView ended = this.runs.view(this.run.id());
		assertThat(ended.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(ended.endedBy()).isEqualTo("stop");
	}

	@Test
	void twoStalledBranchesOfAFanOutAreEachResumedByTheirOwnDecision() {
		given(new Case("parallel-fanout",
				Map.of("task", "Read your notes", "agents", List.of("analyst", "analyst"), "synthesizer", "none"),
				"UserTask_DecideOnStall", (model) -> {
				}));
		List<Task> decisions = this.tasks.createTaskQuery().processInstanceId(this.run.id()).list();
		assertThat(decisions).hasSize(2);
		Object first = this.tasks.getVariable(decisions.get(0).getId(), "stalledTask");
		Object second = this.tasks.getVariable(decisions.get(1).getId(), "stalledTask");
		assertThat(first).isNotEqualTo(second);
		this.looping = false;

		ApproverDecides.decideTask(this.tasks, this.identity, decisions.get(0).getId(),
				Map.of("stallDecision", "instruct", "stallInstruction", INSTRUCTION));
		this.driver.runUntilQuiet();

		assertThat(agentTask(first)).as("the decided branch went on").isNull();
		assertThat(agentTask(second).getWorkerId()).as("the other branch stays paused").startsWith("paused");
		assertThat(this.model.callsOf("analyst")).filteredOn((call) -> call.prompt().contains(INSTRUCTION)).hasSize(1);
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall");

		ApproverDecides.decideTask(this.tasks, this.identity, decisions.get(1).getId(),
				Map.of("stallDecision", "continue"));
		this.driver.runUntilQuiet();

		assertThat(this.instance).isEnded();
		assertThat(this.runs.view(this.run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.callsOf("analyst")).filteredOn((call) -> call.prompt().contains(INSTRUCTION)).hasSize(1);
	}

	@Test
	void onlyApproversDecideOnAPausedAgentAndOnlyTheDecision() {
		given(patterns().findFirst().orElseThrow());

		assertThatThrownBy(() -> ApproverDecides.decideAs("someone", AccessGroups.OPERATORS, this.tasks, this.identity,
				this.run.id(), Map.of("stallDecision", "continue")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("'someone'");
		assertThatThrownBy(() -> decide(Map.of("stallDecision", "continue", "stalledTask", "another-task")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("may not set variable 'stalledTask'");
		assertThatThrownBy(() -> decide(Map.of("stallDecision", "instruct")))
			.hasMessageContaining("'stallInstruction' is required with 'instruct'");
		assertThat(this.instance).isWaitingAt("UserTask_DecideOnStall");
		assertThat(pausedTask().getWorkerId()).startsWith("paused");
	}

	private ExternalTask pausedTask() {
		return this.engine.getExternalTaskService()
			.createExternalTaskQuery()
			.processInstanceId(this.run.id())
			.singleResult();
	}

	private ExternalTask agentTask(Object id) {
		return this.engine.getExternalTaskService()
			.createExternalTaskQuery()
			.externalTaskId(String.valueOf(id))
			.singleResult();
	}

	private void decide(Map<String, Object> decision) {
		ApproverDecides.decide(this.tasks, this.identity, this.run.id(), decision);
	}

}
