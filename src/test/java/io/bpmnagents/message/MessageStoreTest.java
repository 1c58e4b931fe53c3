package io.bpmnagents.message;

import java.util.List;
import java.util.UUID;

import io.bpmnagents.support.PatternProcessTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The run's message history and each agent's mailbox: a message waits for its recipient's
 * next model call, which takes it; a call made again (a task delivered again, retried)
 * gets the same messages, a tool call run again sends nothing twice.
 */
class MessageStoreTest extends PatternProcessTest {

	@Autowired
	MessageStore messages;

	private final String run = UUID.randomUUID().toString();

	@Test
	void aDirectMessageWaitsForItsRecipientsNextCallAndOnlyThatCallCarriesIt() {
		this.messages.send(this.run, MessageType.DIRECT, "researcher", List.of("writer"), "The tides follow the moon",
				"task-1/tool-0");

		assertThat(this.messages.forRun(this.run)).singleElement().satisfies((message) -> {
			assertThat(message.deliveredAt()).isNull();
			assertThat(message.deliveredCall()).isNull();
		});
		assertThat(this.messages.deliver(this.run, "editor", "task-2")).isEmpty();
		assertThat(this.messages.deliver(this.run, "writer", "task-3")).singleElement().satisfies((message) -> {
			assertThat(message.type()).isEqualTo(MessageType.DIRECT);
			assertThat(message.from()).isEqualTo("researcher");
			assertThat(message.to()).isEqualTo("writer");
			assertThat(message.prefixed()).isEqualTo("[From researcher]: The tides follow the moon");
		});
		assertThat(this.messages.deliver(this.run, "writer", "task-4")).isEmpty();
		assertThat(this.messages.forRun(this.run)).singleElement().satisfies((message) -> {
			assertThat(message.deliveredAt()).isNotNull().isAfterOrEqualTo(message.createdAt());
			assertThat(message.deliveredCall()).isEqualTo("task-3");
		});
	}

	@Test
	void aCallMadeAgainGetsTheMessagesItTookAndThoseSentSinceInTheOrderTheyWereSent() {
		this.messages.send(this.run, MessageType.DIRECT, "researcher", List.of("writer"), "first", "task-1/tool-0");
		assertThat(this.messages.deliver(this.run, "writer", "task-2")).extracting(AgentMessage::content)
			.containsExactly("first");

		this.messages.send(this.run, MessageType.BROADCAST, "editor", List.of("writer", "researcher"), "second",
				"task-3/tool-0");

		assertThat(this.messages.deliver(this.run, "writer", "task-2")).extracting(AgentMessage::content)
			.containsExactly("first", "second");
		assertThat(this.messages.deliver(this.run, "writer", "task-5")).isEmpty();
		assertThat(this.messages.deliver(this.run, "researcher", "task-6")).extracting(AgentMessage::content)
			.containsExactly("second");
	}

	@Test
	void aToolCallRunAgainSendsNothingTwiceAndABroadcastIsOneMessagePerRecipient() {
		for (int i = 0; i < 2; i++) {
			this.messages.send(this.run, MessageType.BROADCAST, "researcher", List.of("writer", "editor"), "Hello",
					"task-1/tool-0");
		}

		assertThat(this.messages.forRun(this.run)).extracting(AgentMessage::to).containsExactly("writer", "editor");
		assertThat(this.messages.forRun(this.run)).extracting(AgentMessage::seq).isSorted();
	}

	@Test
	void aRequestAndItsReplyAreHistoryDeliveredAtOnceNotMessagesWaitingForANextCall() {
		this.messages.delivered(this.run, MessageType.REQUEST, "researcher", "writer", "Why?", "task-1/tool-0");
		this.messages.delivered(this.run, MessageType.REPLY, "writer", "researcher", "Because.", "task-1/tool-0");

		assertThat(this.messages.deliver(this.run, "writer", "task-1/tool-0")).isEmpty();
		assertThat(this.messages.deliver(this.run, "researcher", "task-2")).isEmpty();
		assertThat(this.messages.forRun(this.run))
			.extracting(AgentMessage::type, AgentMessage::from, AgentMessage::to, AgentMessage::deliveredCall)
			.containsExactly(tuple(MessageType.REQUEST, "researcher", "writer", "task-1/tool-0"),
					tuple(MessageType.REPLY, "writer", "researcher", "task-1/tool-0"));
		assertThat(this.messages.forRun(this.run))
			.allSatisfy((message) -> assertThat(message.deliveredAt()).isNotNull());
	}

	@Test
	void aLongMessageIsKeptWholeAndAnExpressionInItIsJustText() {
		String text = "${execution.setVariable('x', 1)} " + "tide ".repeat(20_000);
		this.messages.send(this.run, MessageType.DIRECT, "researcher", List.of("writer"), text, "task-1/tool-0");

		assertThat(this.messages.deliver(this.run, "writer", "task-2")).singleElement()
			.satisfies((message) -> assertThat(message.content()).isEqualTo(text));
	}

	@Test
	void anotherRunsMessagesAreNeitherDeliveredNorListed() {
		String other = UUID.randomUUID().toString();
		this.messages.send(other, MessageType.DIRECT, "researcher", List.of("writer"), "elsewhere", "task-9/tool-0");

		assertThat(this.messages.deliver(this.run, "writer", "task-1")).isEmpty();
		assertThat(this.messages.forRun(this.run)).isEmpty();
		assertThat(this.messages.forRun(other)).hasSize(1);
	}

}
