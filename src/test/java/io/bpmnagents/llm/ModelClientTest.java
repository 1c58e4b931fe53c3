package io.bpmnagents.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.transcript.ChatTurn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a model call meets rate limits: a 429 waits, it does not use up an attempt. */
class ModelClientTest {

	private static final AgentDefinition AGENT = new AgentDefinition("researcher", null, null, "m", null, null);

	private final List<Supplier<RuntimeException>> failures = new CopyOnWriteArrayList<>();

	private final List<Long> sentAt = new CopyOnWriteArrayList<>();

	private final ChatModel model = new ChatModel() {

		@Override
		public ChatResponse doChat(ChatRequest request) {
			ModelClientTest.this.sentAt.add(System.nanoTime());
			if (!ModelClientTest.this.failures.isEmpty()) {
				throw ModelClientTest.this.failures.remove(0).get();
			}
			return ChatResponse.builder().aiMessage(AiMessage.from("the answer")).build();
		}

	};

	private ModelLimits limits;

	private ModelClient client(Duration maxRateLimitWait) {
		LlmProperties properties = new LlmProperties(null, null, null, "m", Duration.ofSeconds(5), null, 4, null,
				Duration.ofMillis(20), maxRateLimitWait, false);
		this.limits = new ModelLimits(properties);
		return new ModelClient(this.model, properties, this.limits);
	}

	@Test
	void aRateLimitWithRetryAfterIsWaitedOutAndTheCallSentAgain() {
		this.failures.add(() -> new RateLimitedException("slow down", Duration.ofMillis(150)));
		ModelClient client = client(Duration.ofMinutes(1));

		ModelReply reply = client.chat(AGENT, List.of(ChatTurn.user("hi")), false);

		assertThat(reply.text()).isEqualTo("the answer");
		assertThat(this.sentAt).hasSize(2);
		assertThat(this.limits.gate("m").lastPause()).isEqualTo(Duration.ofMillis(150));
	}

	@Test
	void aRateLimitThatDoesNotSayHowLongPausesForTheConfiguredDefault() {
		this.failures.add(() -> new RateLimitException("slow down"));
		ModelClient client = client(Duration.ofMinutes(1));

		ModelReply reply = client.chat(AGENT, List.of(ChatTurn.user("hi")), false);

		assertThat(reply.text()).isEqualTo("the answer");
		assertThat(this.sentAt).hasSize(2);
		assertThat(this.limits.gate("m").lastPause()).isEqualTo(Duration.ofMillis(20));
	}

	@Test
	void aRateLimitThatOutlastsTheAllowedWaitFailsTheAttempt() {
		for (int i = 0; i < 100; i++) {
			this.failures.add(() -> new RateLimitedException("slow down", Duration.ofSeconds(10)));
		}

		assertThatThrownBy(() -> client(Duration.ofSeconds(1)).chat(AGENT, List.of(ChatTurn.user("hi")), false))
			.isInstanceOf(ModelCallException.class)
			.hasMessageContaining("researcher");
		assertThat(this.sentAt).hasSize(1);
	}

	@Test
	void aServerErrorIsNotRetriedHereButFailsTheAttempt() {
		this.failures.add(() -> new HttpException(500, "boom"));

		assertThatThrownBy(() -> client(Duration.ofMinutes(1)).chat(AGENT, List.of(ChatTurn.user("hi")), false))
			.isInstanceOf(ModelCallException.class);
		assertThat(this.sentAt).hasSize(1);
	}

	@Test
	void aPauseOfOneModelHoldsBackOnlyThatModelsCalls() throws Exception {
		LlmProperties properties = new LlmProperties(null, null, null, "m", Duration.ofSeconds(5), null, 4, null,
				Duration.ofMillis(20), Duration.ofMinutes(1), false);
		ModelLimits limits = new ModelLimits(properties);
		limits.gate("paused").pause(Duration.ofHours(1));
		List<Throwable> errors = new ArrayList<>();
		Thread waiting = new Thread(() -> {
			try {
				limits.gate("paused").acquire();
			}
			catch (InterruptedException ex) {
				errors.add(ex);
			}
		});
		waiting.start();

		limits.gate("other").acquire();
		org.awaitility.Awaitility.await().until(() -> waiting.getState() == Thread.State.TIMED_WAITING);
		waiting.interrupt();
		waiting.join();

		assertThat(errors).singleElement().isInstanceOf(InterruptedException.class);
		assertThat(limits.gate("other").peak()).isEqualTo(1);
		assertThat(limits.gate("paused").peak()).isZero();
	}

}
