package io.bpmnagents.example;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HandbookMcpServerTest {

	@Test
	void aTopicFindsThePoliciesThatShareAWordWithIt() {
		assertThat(HandbookMcpServer.lookup("How many days of LEAVE?"))
			.startsWith("leave: Full-time staff have 28 days")
			.doesNotContain("travel:");
	}

	@Test
	void aQuestionThatNamesNoTopicFindsThePoliciesWhoseTextSharesAWord() {
		assertThat(HandbookMcpServer.lookup("receipts")).startsWith("expenses: Submit receipts");
	}

	@Test
	void aTopicWithNoPolicyNamesTheTopicsThereAre() {
		assertThat(HandbookMcpServer.lookup("parking"))
			.isEqualTo("No policy on 'parking'. Topics: travel, expenses, leave, remote work, equipment");
	}

}
