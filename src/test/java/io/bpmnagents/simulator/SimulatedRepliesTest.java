package io.bpmnagents.simulator;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedRepliesTest {

	private static final String SYSTEM = "You are a research specialist. Gather information.";

	@Test
	void theSameRequestGetsTheSameReply() {
		assertThat(SimulatedReplies.reply(SYSTEM, "Write about bees", false, null))
			.isEqualTo(SimulatedReplies.reply(SYSTEM, "Write about bees", false, null))
			.startsWith("As research specialist");
	}

	@Test
	void differentRequestsGetDifferentReplies() {
		assertThat(SimulatedReplies.reply(SYSTEM, "Write about bees", false, null))
			.isNotEqualTo(SimulatedReplies.reply(SYSTEM, "Write about ants", false, null));
	}

	@Test
	void aJsonRequestGetsAPlanNamingTheListedWorkers() throws Exception {
		String prompt = """
				Task: Build a todo app

				Available workers:
				- developer: Software Developer
				- tester: QA Tester
				""";

		JsonNode plan = new ObjectMapper().readTree(SimulatedReplies.reply(SYSTEM, prompt, true, null));

		assertThat(plan.path("assignments").findValuesAsText("worker")).containsExactly("developer", "tester");
		assertThat(plan.path("assignments").get(0).path("subtask").asText()).contains("Build a todo app");
	}

	@Test
	void aJudgeGivesAJudgmentWithAWinnerHoweverThePromptIsWorded() {
		String reply = SimulatedReplies.reply("You are an impartial judge.",
				"Who argued better about remote work?\n\nDebate: ...", false, null);

		assertThat(reply).contains("Summary")
			.contains("Strengths and weaknesses")
			.contains("argued more effectively")
			.contains("Synthesis");
	}

	@Test
	void anAgentThatIsNoJudgeGetsNoJudgmentEvenWhenAskedToEvaluate() {
		String reply = SimulatedReplies.reply(SYSTEM, "Evaluate this debate and determine the stronger position.",
				false, null);

		assertThat(reply).doesNotContain("argued more effectively");
	}

	@Test
	void aConversationEndsWithThePhraseFromTheConfiguredTurnWhateverThePromptSays() {
		List<SimulatedReplies.Message> third = List.of(system(), user("researcher", "Bees pollinate."),
				assistant("Honey is a by-product."), new SimulatedReplies.Message("user", null, "Go on."));
		List<SimulatedReplies.Message> fourth = new java.util.ArrayList<>(third);
		fourth.add(3, user("writer", "Costs matter."));

		SimulatedReplies.ConversationTurn turn3 = SimulatedReplies.ConversationTurn.of(third, "DONE", 4);
		SimulatedReplies.ConversationTurn turn4 = SimulatedReplies.ConversationTurn.of(fourth, "DONE", 4);

		assertThat(turn3.turn()).isEqualTo(3);
		assertThat(SimulatedReplies.reply(SYSTEM, "Go on.", false, turn3)).doesNotContain("DONE");
		assertThat(SimulatedReplies.reply(SYSTEM, "Go on.", false, turn4)).endsWith("DONE")
			.contains("Building on what came before: Costs matter.");
	}

	@Test
	void aChatWithoutOtherNamedPartiesIsNoConversationEvenWhenThePromptTalksOfTurns() {
		List<SimulatedReplies.Message> memory = List.of(system(), new SimulatedReplies.Message("user", null, "Draft."),
				assistant("A draft."), new SimulatedReplies.Message("user", null,
						"This is turn 9. If the task is complete, include 'DONE' in your response."));

		SimulatedReplies.ConversationTurn none = SimulatedReplies.ConversationTurn.of(memory, "DONE", 4);

		assertThat(none.turn()).isZero();
		assertThat(SimulatedReplies.reply(SYSTEM, memory.get(3).content(), false, none)).doesNotContain("DONE");
	}

	@Test
	void theFirstTurnBuildsOnTheTaskAndNeverEchoesTheInstructionThatNamesAPhrase() {
		String prompt = "Task: Plan a trip\n\nThis is turn 1. Respond to continue the conversation. "
				+ "If the task is complete, end your response with WE_ARE_DONE on a line of its own.";

		String reply = SimulatedReplies.reply(SYSTEM, prompt, false, SimulatedReplies.ConversationTurn
			.of(List.of(system(), new SimulatedReplies.Message("user", null, prompt)), "TASK_COMPLETE", 4));

		assertThat(reply).contains("Building on what came before: Task: Plan a trip")
			.doesNotContain("WE_ARE_DONE")
			.doesNotContain("line of its own");
	}

	@Test
	void outsideAConversationTheReplyBuildsOnThePromptsLastLabelledParagraphNotItsInstructions() {
		String rework = "A person sent it back: revise it.\n\nTask: Bees\n\nTheir comment:\nAdd costs.\n\n"
				+ "Reply with the revised result only.";

		assertThat(SimulatedReplies.reply(SYSTEM, rework, false, null))
			.contains("Building on what came before: Their comment: Add costs.")
			.doesNotContain("Reply with");
		assertThat(SimulatedReplies.reply(SYSTEM, "First point.\n\nSecond point.", false, null))
			.contains("Building on what came before: Second point.");
	}

	@Test
	void quotesOfEarlierMessagesLeaveThePhraseOut() {
		List<SimulatedReplies.Message> chat = List.of(system(), user("writer", "All said. DONE"),
				new SimulatedReplies.Message("user", null, "Go on."));

		String reply = SimulatedReplies.reply(SYSTEM, "Go on.", false,
				SimulatedReplies.ConversationTurn.of(chat, "DONE", 9));

		assertThat(reply).doesNotContain("DONE").contains("All said. …");
	}

	private static SimulatedReplies.Message system() {
		return new SimulatedReplies.Message("system", null, SYSTEM);
	}

	private static SimulatedReplies.Message user(String name, String content) {
		return new SimulatedReplies.Message("user", name, content);
	}

	private static SimulatedReplies.Message assistant(String content) {
		return new SimulatedReplies.Message("assistant", null, content);
	}

	@Test
	void aMalformedPlanIsNotJson() {
		assertThat(SimulatedReplies.malformedPlan()).startsWith("{").doesNotEndWith("}");
	}

}
