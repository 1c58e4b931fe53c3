package io.bpmnagents.budget;

import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.transcript.TranscriptEntry;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A run's budget, checked before each model call; an exhausted one is the BPMN error
 * BUDGET_EXHAUSTED, which ends a pattern FAILED or goes where a modeller's boundary event
 * sends it. The fake model reports 10 prompt and 5 completion tokens per call.
 */
class BudgetProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	TaskService tasks;

	@Test
	void whenTheCallsAreUsedUpTheRunFailsSayingWhichLimitAndTheUsage() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer", "editor"), "maxCalls", 2));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("StartEvent_EndedEarly").hasNotPassed("EndEvent_ResultReady");
		// The refused call was never made, so it is not in the transcript.
		assertThat(this.runs.transcript(run.id())).extracting(TranscriptEntry::agent)
			.containsExactly("researcher", "writer");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endedBy()).isEqualTo("budget");
		assertThat(done.endMessage()).contains("maxCalls of 2")
			.contains("2 model calls")
			.contains("30 tokens (20 prompt, 10 completion)");
		assertThat(done.output()).containsEntry("result", "writer answer 1");
		assertThat(done.usage().calls()).isEqualTo(2);
	}

	@Test
	void tokensCountPromptAndCompletionTogether() {
		RunView run = this.runs.start("sequential-pipeline", Map.of("task", "Write about tides", "agents",
				List.of("researcher", "writer", "editor"), "maxTokens", 16));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(this.runs.transcript(run.id())).hasSize(2);
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endMessage()).contains("maxTokens of 16");
	}

	@Test
	void aRunWithinItsBudgetCompletes() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "maxCalls", 3, "maxTokens", 1000));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(done.endedBy()).isNull();
	}

	@Test
	void aConversationSaysItsBudgetEndedIt() {
		RunView run = this.runs.start("round-robin-conversation",
				Map.of("task", "Plan a trip", "maxTurns", 10, "maxCalls", 3));

		this.driver.runUntilQuiet();

		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.output()).containsEntry("endedBy", "budget").containsEntry("turns", 3);
	}

	@Test
	void aSelectorGroupChatSaysItsBudgetEndedIt() {
		this.model.script("coordinator", (call) -> "{\"nextSpeaker\": \"writer\"}");
		RunView run = this.runs.start("selector-group-chat",
				Map.of("task", "Plan a launch", "maxTurns", 10, "maxCalls", 4));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		// Selector, writer, selector, writer: the third selection is refused.
		assertThat(instance).isEnded().hasPassed("StartEvent_EndedEarly").hasNotPassed("EndEvent_ConversationEnded");
		assertThat(this.runs.transcript(run.id())).extracting(TranscriptEntry::agent)
			.containsExactly("coordinator", "writer", "coordinator", "writer");
		RunView done = this.runs.view(run.id());
		assertThat(done.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(done.endedBy()).isEqualTo("budget");
		assertThat(done.endMessage()).contains("maxCalls of 4");
		assertThat(done.output()).containsEntry("endedBy", "budget").containsEntry("turns", 2);
	}

	@Test
	void aModellersBoundaryEventSendsAnExhaustedBudgetToAPerson() {
		BpmnModelInstance model = draftThenPolish("budget-to-a-person").endEvent("EndEvent_Done")
			.moveToActivity("Task_Polish")
			.boundaryEvent("BoundaryEvent_BudgetExhausted")
			.error("BUDGET_EXHAUSTED")
			.userTask("UserTask_FinishByHand")
			.name("Finish by hand")
			.endEvent("EndEvent_FinishedByHand")
			.done();
		this.repository.createDeployment().addModelInstance("budget-to-a-person.bpmn", model).deploy();

		ProcessInstance instance = this.runtime.startProcessInstanceByKey("budget-to-a-person",
				Map.of("task", "A note", "maxCalls", 1));
		this.driver.runUntilQuiet();

		assertThat(instance).isWaitingAt("UserTask_FinishByHand").hasPassed("Task_Draft");
		assertThat(this.runs.transcript(instance.getId())).extracting(TranscriptEntry::agent).containsExactly("writer");
	}

	@Test
	void aProcessThatCatchesNoBudgetErrorGetsAnIncidentInsteadOfASilentEnd() {
		this.repository.createDeployment()
			.addModelInstance("budget-uncaught.bpmn",
					draftThenPolish("budget-uncaught").endEvent("EndEvent_Done").done())
			.deploy();
		ProcessInstance instance = this.runtime.startProcessInstanceByKey("budget-uncaught",
				Map.of("task", "A note", "maxCalls", 1));
		this.driver.runUntilQuiet();

		RunView run = this.runs.view(instance.getId());
		assertThat(instance).isNotEnded();
		assertThat(run.status()).isEqualTo(RunView.Status.RUNNING);
		assertThat(run.incidents()).singleElement()
			.satisfies((incident) -> assertThat(incident.message()).contains("Budget exhausted")
				.contains("maxCalls of 1"));
		assertThat(this.runs.transcript(instance.getId())).hasSize(1);
	}

	@Test
	void aNegativeOrZeroLimitIsRefusedNamingTheField() {
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxCost", -0.5)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxCost"));
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxCalls", 0)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxCalls"));
		assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "maxTokens", 2.5)))
			.isInstanceOfSatisfying(InvalidInputException.class, (ex) -> assertThat(ex.field()).isEqualTo("maxTokens"));
	}

	@Test
	void aDeadlineThatIsNoDurationIsRefusedNamingTheField() {
		for (String wrong : List.of("ten minutes", "10", "P1M", "-PT5M", "PT0S")) {
			assertThatThrownBy(() -> this.runs.start("debate", Map.of("task", "Tea beats coffee", "deadline", wrong)))
				.as(wrong)
				.isInstanceOfSatisfying(InvalidInputException.class,
						(ex) -> assertThat(ex.field()).isEqualTo("deadline"));
		}
	}

	/** A writer drafts, an editor polishes the draft into the result. */
	private static AbstractFlowNodeBuilder<?, ?> draftThenPolish(String key) {
		return AgentTaskChains.chain(key, Step.of("Task_Draft", "writer", "Draft: ${task}", "draft"),
				Step.of("Task_Polish", "editor", "Polish: ${draft}", "result"));
	}

}
