package io.bpmnagents.pattern.conversation;

import java.util.List;
import java.util.Map;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.worker.AgentTaskWorker;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

class ConversationProcessTest extends PatternProcessTest {

	@Autowired
	AgentTaskWorker worker;

	@Autowired
	ConversationMessages messages;

	@Test
	void agentsSpeakInTurnUntilAReplyHoldsThePhrase() {
		this.model.script("writer", (call) -> (call.prompt().contains("turn 4")) ? "Done. FINISHED" : "draft");
		RunView run = this.runs.start(Conversation.KEY,
				Map.of("task", "Plan a blog post", "maxTurns", 10, "terminationPhrase", "FINISHED"));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("EndEvent_ConversationEnded");
		assertThat(this.model.calls()).extracting(FakeModel.Call::agent)
			.containsExactly("researcher", "writer", "researcher", "writer");
		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("status", "completed")
			.containsEntry("turns", 4)
			.containsEntry("result", "Done. FINISHED");
		// Each speaker sees the conversation so far as chat messages: turn 3 (the
		// researcher) sees its own turn 1 as its answer and turn 2 named after the
		// writer.
		List<ChatMessage> third = this.model.calls().get(2).messages();
		assertThat(third.get(1)).isEqualTo(AiMessage.from("researcher answer 1"));
		assertThat(third.get(2)).isEqualTo(UserMessage.from("writer", "draft"));
		assertThat(this.model.calls().get(2).prompt()).contains("This is turn 3")
			.contains("end your response with FINISHED on a line of its own");
	}

	@Test
	void anAgentThatQuotesItsInstructionDoesNotEndTheConversation() {
		// A model that repeats its instructions names the phrase without giving it.
		this.model.script("researcher",
				(call) -> "Noted: if the task is complete, include 'WE_ARE_DONE' in the response. Here is my part.");
		this.model.script("writer", (call) -> (call.prompt().contains("turn 4")) ? "Agreed.\nWE_ARE_DONE"
				: "Quoting the rule: end with WE_ARE_DONE on a line of its own. Not yet.");
		RunView run = this.runs.start(Conversation.KEY,
				Map.of("task", "Plan a trip", "maxTurns", 10, "terminationPhrase", "WE_ARE_DONE"));

		this.driver.runUntilQuiet();

		assertThat(this.model.calls()).hasSize(4);
		assertThat(this.runs.view(run.id()).output()).containsEntry("status", "completed")
			.containsEntry("endedBy", ConversationEnd.PHRASE)
			.containsEntry("turns", 4);
	}

	@Test
	void aSingleAgentConversationEndsOnItsOwnSignal() {
		this.model.script("researcher",
				(call) -> (call.prompt().contains("turn 2")) ? "All covered. ALL_SET" : "first");
		RunView run = this.runs.start(Conversation.KEY, Map.of("task", "Summarise", "agents", List.of("researcher"),
				"maxTurns", 5, "terminationPhrase", "ALL_SET"));

		this.driver.runUntilQuiet();

		assertThat(this.model.calls()).extracting(FakeModel.Call::agent).containsExactly("researcher", "researcher");
		assertThat(this.runs.view(run.id()).output()).containsEntry("status", "completed")
			.containsEntry("endedBy", ConversationEnd.PHRASE)
			.containsEntry("result", "All covered. ALL_SET");
	}

	@Test
	void withoutThePhraseTheConversationStopsAtMaxTurns() {
		RunView run = this.runs.start(Conversation.KEY, Map.of("task", "Chat", "maxTurns", 3));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();

		this.driver.runUntilQuiet();

		assertThat(instance).isEnded();
		assertThat(this.model.calls()).hasSize(3);
		assertThat(this.runs.view(run.id()).output()).containsEntry("status", "max_turns_reached")
			.containsEntry("turns", 3);
	}

	@Test
	void aPersonsMessageIsSeenByALaterSpeaker() {
		RunView run = this.runs.start(Conversation.KEY, Map.of("task", "Pick a venue", "maxTurns", 3));
		ProcessInstance instance = this.runtime.createProcessInstanceQuery().processInstanceId(run.id()).singleResult();
		this.worker.runAvailable();

		this.messages.post(run.id(), new ConversationMessages.Message("Please mention costs ${not.evaluated}"),
				UsernamePasswordAuthenticationToken.authenticated("Ada", null, List.of()));
		assertThat(instance).hasPassed("StartEvent_HumanMessage");
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_RecordMessage");
		assertThat(this.model.calls().get(2).messages())
			.contains(UserMessage.from("Ada", "Please mention costs ${not.evaluated}"));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> conversation = (List<Map<String, Object>>) this.runs.view(run.id())
			.output()
			.get("conversation");
		assertThat(conversation)
			.anySatisfy((entry) -> assertThat(entry).containsEntry("speaker", "Ada").containsEntry("human", true));
	}

	@Test
	void givenTwoMessagesDeliveredBeforeEitherIsAddedThenEachArrivesWithItsOwnSenderAndText() {
		RunView run = this.runs.start(Conversation.KEY, Map.of("task", "Pick a venue", "maxTurns", 3));
		this.worker.runAvailable();

		// Both correlations happen before the handler adds either: the values of the
		// first must not be replaced by the second's.
		this.messages.post(run.id(), new ConversationMessages.Message("Somewhere near the station"),
				UsernamePasswordAuthenticationToken.authenticated("Ada", null, List.of()));
		this.messages.post(run.id(), new ConversationMessages.Message("Under 500 euros"),
				UsernamePasswordAuthenticationToken.authenticated("Grace", null, List.of()));
		this.driver.runUntilQuiet();

		@SuppressWarnings("unchecked")
		List<Map<String, Object>> conversation = (List<Map<String, Object>>) this.runs.view(run.id())
			.output()
			.get("conversation");
		assertThat(conversation).filteredOn((entry) -> Boolean.TRUE.equals(entry.get("human")))
			.extracting((entry) -> entry.get("speaker") + ": " + entry.get("message"))
			.containsExactlyInAnyOrder("Ada: Somewhere near the station", "Grace: Under 500 euros");
	}

	@Test
	void aTurnLimitOutsideTheCapIsRefused() {
		assertThatThrownBy(() -> this.runs.start(Conversation.KEY, Map.of("task", "t", "maxTurns", "ten")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("whole number");
	}

}
