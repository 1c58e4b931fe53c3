package io.bpmnagents.pattern.conversation;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.bpmnagents.run.RunAccess;
import io.bpmnagents.run.RunService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.MessageCorrelationBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A message that arrives while an agent's answer changes the same run: the engine refuses
 * one of the two transactions, and the message is delivered again rather than answered
 * with a 500.
 */
class ConversationMessagesTest {

	private final RuntimeService runtime = mock(RuntimeService.class, RETURNS_DEEP_STUBS);

	private final MessageCorrelationBuilder correlation = mock(MessageCorrelationBuilder.class);

	private final AtomicInteger deliveries = new AtomicInteger();

	private ConversationMessages messages;

	@BeforeEach
	@SuppressWarnings("unchecked")
	void runningConversation() {
		when(this.runtime.createProcessInstanceQuery().processInstanceId("run").active().count()).thenReturn(1L);
		when(this.runtime.getVariable("run", "status")).thenReturn("running");
		when(this.runtime.createMessageCorrelation(Conversation.HUMAN_MESSAGE)).thenReturn(this.correlation);
		when(this.correlation.processInstanceId("run")).thenReturn(this.correlation);
		when(this.correlation.setVariablesToTriggeredScope(any())).thenReturn(this.correlation);
		RunAccess access = mock(RunAccess.class);
		when(access.asApp(any())).thenAnswer((call) -> ((Supplier<Object>) call.getArgument(0)).get());
		this.messages = new ConversationMessages(this.runtime, mock(RunService.class), access);
	}

	private ResponseEntity<Void> post() {
		return this.messages.post("run", new ConversationMessages.Message("Mind the budget"),
				UsernamePasswordAuthenticationToken.authenticated("Ada", null, List.of()));
	}

	@Test
	void givenTwoConflictsWithAnAnswerWhenAPersonSendsAMessageThenTheThirdDeliveryTakesIt() {
		when(this.correlation.correlateWithResult()).thenAnswer((call) -> {
			if (this.deliveries.incrementAndGet() <= 2) {
				throw new OptimisticLockingException("updated by another transaction concurrently");
			}
			return null;
		});

		ResponseEntity<Void> answer = post();

		assertThat(answer.getStatusCode().value()).isEqualTo(202);
		assertThat(this.deliveries).hasValue(3);
	}

	@Test
	void givenAConflictOnEveryDeliveryThenThePersonIsToldToSendItAgain() {
		when(this.correlation.correlateWithResult()).thenAnswer((call) -> {
			this.deliveries.incrementAndGet();
			throw new OptimisticLockingException("updated by another transaction concurrently");
		});

		assertThatThrownBy(this::post).isInstanceOf(ConversationMessages.Busy.class)
			.hasMessageContaining("Send it again");
		assertThat(this.deliveries).hasValue(10);
		assertThat(this.messages.busy(new ConversationMessages.Busy("run", null)).getStatusCode().value())
			.isEqualTo(503);
	}

	@Test
	void givenTheConversationEndedBetweenTwoDeliveriesThenTheSecondAttemptSaysSo() {
		when(this.correlation.correlateWithResult()).thenAnswer((call) -> {
			this.deliveries.incrementAndGet();
			when(this.runtime.getVariable("run", "status")).thenReturn("completed");
			throw new OptimisticLockingException("updated by another transaction concurrently");
		});

		assertThatThrownBy(this::post).isInstanceOf(ConversationMessages.NotListening.class);
		assertThat(this.deliveries).hasValue(1);
	}

}
