package io.bpmnagents.pattern.selector;

import java.util.List;
import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.worker.AgentTaskWorker;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * {@code selector-group-chat}: the selector (coordinator) picks each speaker; the chosen
 * participant speaks; the conversation ends like the round-robin one.
 */
class SelectorGroupChatProcessTest extends PatternProcessTest {

	private static final String KEY = "selector-group-chat";

	@Autowired
	AgentTaskWorker worker;

	@Autowired
	org.camunda.bpm.engine.RuntimeService runtimeService;

	private RunView start(Map<String, Object> input) {
		return this.runs.start(KEY, input);
	}

	@SuppressWarnings("unchecked")
	private List<Map<String, Object>> conversation(RunView run) {
		return (List<Map<String, Object>>) this.runs.view(run.id()).output().get("conversation");
	}

	@Test
	void givenTheSelectorPicksASpeakerEachTurnThenThatParticipantSpeaks() {
		List<String> picks = List.of("writer", "reviewer", "writer");
		this.model.script("coordinator", (call) -> "{\"nextSpeaker\": \""
				+ picks.get((this.model.callsOf("coordinator").size() - 1) % picks.size()) + "\"}");
		RunView run = start(Map.of("task", "Plan a launch", "maxTurns", 3));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded()
			.hasPassedInOrder("Task_SelectSpeaker", "Task_Speak", "Gateway_ConversationOver", "Task_SelectSpeaker",
					"Task_Speak", "EndEvent_ConversationEnded");
		assertThat(this.model.calls()).extracting(FakeModel.Call::agent)
			.containsExactly("coordinator", "writer", "coordinator", "reviewer", "coordinator", "writer");
		FakeModel.Call selection = this.model.calls().get(2);
		// The selector sees the participants with their roles and the conversation so
		// far,
		// and is asked for one of their names as a schema enum.
		assertThat(selection.prompt()).contains("- researcher: Research Specialist", "- reviewer:",
				"[writer]: writer answer 1", "exactly one of: researcher, writer, reviewer");
		assertThat(selection.schema()).contains("\"enum\":[\"researcher\",\"writer\",\"reviewer\"]");
		assertThat(conversation(run)).extracting((entry) -> entry.get("speaker"))
			.containsExactly("writer", "reviewer", "writer");
		assertThat(conversation(run)).allSatisfy((entry) -> assertThat(entry).containsEntry("fallback", "false"));
		assertThat(this.runs.view(run.id()).output()).containsEntry("status", "max_turns_reached")
			.containsEntry("turns", 3);
	}

	@Test
	void givenANameOutsideTheParticipantsTwiceThenTheNextInRoundRobinOrderSpeaksAndTheFallbackIsRecorded() {
		this.model.script("coordinator", (call) -> (this.model.callsOf("coordinator").size() == 1) ? "writer"
				: (this.model.callsOf("coordinator").size() <= 3) ? "astronaut" : "researcher");
		RunView run = start(Map.of("task", "Plan a launch", "maxTurns", 3));

		this.driver.runUntilQuiet();

		// Turn 1: writer chosen. Turn 2: "astronaut" twice, so the one after the writer
		// in agents (reviewer) speaks. Turn 3: researcher chosen.
		assertThat(conversation(run)).extracting((entry) -> entry.get("speaker") + "/" + entry.get("fallback"))
			.containsExactly("writer/false", "reviewer/true", "researcher/false");
		List<FakeModel.Call> selections = this.model.callsOf("coordinator");
		assertThat(selections).hasSize(4);
		assertThat(selections.get(2).prompt()).startsWith("Your previous answer could not be used: \"astronaut\"")
			.contains("researcher, writer, reviewer");
	}

	@Test
	void givenAnAnswerOutsideOnceThenTheSelectorIsAskedAgainAndItsSecondAnswerCounts() {
		this.model.script("coordinator",
				(call) -> (this.model.callsOf("coordinator").size() == 1) ? "the writer, I think" : "Reviewer.");
		RunView run = start(Map.of("task", "Plan a launch", "maxTurns", 1));

		this.driver.runUntilQuiet();

		assertThat(this.model.callsOf("coordinator")).hasSize(2);
		assertThat(conversation(run)).singleElement()
			.satisfies((entry) -> assertThat(entry).containsEntry("speaker", "reviewer")
				.containsEntry("fallback", "false"));
	}

	@Test
	void givenAReplyWithThePhraseThenTheConversationEndsCompleted() {
		this.model.script("coordinator", (call) -> "writer");
		this.model.script("writer",
				(call) -> (this.model.callsOf("writer").size() == 2) ? "All settled. FINISHED" : "draft");
		RunView run = start(Map.of("task", "Plan a launch", "maxTurns", 10, "terminationPhrase", "FINISHED"));
		ProcessInstance instance = instance(run);

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_ConversationEnded");
		assertThat(this.runs.view(run.id()).output()).containsEntry("status", "completed")
			.containsEntry("turns", 2)
			.containsEntry("result", "All settled. FINISHED");
		assertThat(this.model.callsOf("coordinator")).hasSize(2);
	}

	@Test
	void givenAPersonsMessageThenTheSelectorAndLaterSpeakersSeeIt() {
		this.model.script("coordinator", (call) -> "researcher");
		RunView run = start(Map.of("task", "Pick a venue", "maxTurns", 2));
		ProcessInstance instance = instance(run);
		this.worker.runAvailable();

		this.runtimeService.createMessageCorrelation("HumanMessage")
			.processInstanceId(run.id())
			.setVariableLocal("messageFrom", "Ada")
			.setVariableLocal("messageContent", "Mind the budget ${not.evaluated}")
			.correlateWithResult();
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_RecordMessage");
		assertThat(this.model.callsOf("coordinator").get(1).prompt())
			.contains("[Ada]: Mind the budget ${not.evaluated}");
		assertThat(conversation(run))
			.anySatisfy((entry) -> assertThat(entry).containsEntry("speaker", "Ada").containsEntry("human", true));
	}

}
