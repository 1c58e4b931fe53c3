package io.bpmnagents.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatedRepliesTest {

	private static final String SYSTEM = "You are a research specialist. Gather information.";

	@Test
	void theSameRequestGetsTheSameReply() {
		assertThat(SimulatedReplies.reply(SYSTEM, "Write about bees", false, 4))
			.isEqualTo(SimulatedReplies.reply(SYSTEM, "Write about bees", false, 4))
			.startsWith("As research specialist");
	}

	@Test
	void differentRequestsGetDifferentReplies() {
		assertThat(SimulatedReplies.reply(SYSTEM, "Write about bees", false, 4))
			.isNotEqualTo(SimulatedReplies.reply(SYSTEM, "Write about ants", false, 4));
	}

	@Test
	void aJsonRequestGetsAPlanNamingTheListedWorkers() throws Exception {
		String prompt = """
				Task: Build a todo app

				Available workers:
				- developer: Software Developer
				- tester: QA Tester
				""";

		JsonNode plan = new ObjectMapper().readTree(SimulatedReplies.reply(SYSTEM, prompt, true, 4));

		assertThat(plan.path("assignments").findValuesAsText("worker")).containsExactly("developer", "tester");
		assertThat(plan.path("assignments").get(0).path("subtask").asText()).contains("Build a todo app");
	}

	@Test
	void aJudgeGivesAJudgmentWithAWinnerHoweverThePromptIsWorded() {
		String reply = SimulatedReplies.reply("You are an impartial judge.",
				"Who argued better about remote work?\n\nDebate: ...", false, 4);

		assertThat(reply).contains("Summary")
			.contains("Strengths and weaknesses")
			.contains("argued more effectively")
			.contains("Synthesis");
	}

	@Test
	void anAgentThatIsNoJudgeGetsNoJudgmentEvenWhenAskedToEvaluate() {
		String reply = SimulatedReplies.reply(SYSTEM, "Evaluate this debate and determine the stronger position.",
				false, 4);

		assertThat(reply).doesNotContain("argued more effectively");
	}

	@Test
	void aConversationEndsWithThePhraseFromTheConfiguredTurn() {
		String early = SimulatedReplies.reply(SYSTEM, "This is turn 3. If the task is complete, include 'DONE' in it.",
				false, 4);
		String due = SimulatedReplies.reply(SYSTEM, "This is turn 4. If the task is complete, include 'DONE' in it.",
				false, 4);

		assertThat(early).doesNotContain("DONE");
		assertThat(due).endsWith("DONE");
	}

	@Test
	void onlyTheInstructionAtTheEndCountsNotQuotedEarlierTurns() {
		String quoted = "[researcher]: This is turn 1. If the task is complete, include '…' in your response.";
		String prompt = "Conversation so far:\n" + quoted
				+ "\n\nThis is turn 2. If the task is complete, include 'DONE' in your response.";

		assertThat(SimulatedReplies.reply(SYSTEM, prompt, false, 4)).doesNotContain("DONE");
		assertThat(SimulatedReplies.reply(SYSTEM, prompt.replace("turn 2", "turn 5"), false, 4)).endsWith("DONE");
	}

	@Test
	void aReworkRequestKeepsTheReviewedResultAndAnswersTheComment() {
		String prompt = "A person reviewed the result of this task and sent it back for rework.\n\nTask: Bees\n\n"
				+ "The result they reviewed:\nBees pollinate.\n\nMore: honey.\n\nTheir comment:\nAdd costs.\n\n"
				+ "Revise the result so that it answers the comment. Reply with the complete revised result only.";

		String reply = SimulatedReplies.reply(SYSTEM, prompt, false, 4);

		assertThat(reply).contains("revised after review", "Bees pollinate.\n\nMore: honey.", "\"Add costs.\"")
			.doesNotContain("Their comment");
	}

	@Test
	void aMalformedPlanIsNotJson() {
		assertThat(SimulatedReplies.malformedPlan()).startsWith("{").doesNotEndWith("}");
	}

}
