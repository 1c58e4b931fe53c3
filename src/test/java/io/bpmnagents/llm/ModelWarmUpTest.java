package io.bpmnagents.llm;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up at start runs the client's code without asking the model. */
class ModelWarmUpTest {

	private final AtomicInteger asked = new AtomicInteger();

	private final AtomicInteger built = new AtomicInteger();

	/** Stands for the configured model: counts being built and being asked. */
	private final ChatModel model = new ChatModel() {

		@Override
		public ChatResponse doChat(ChatRequest request) {
			ModelWarmUpTest.this.asked.incrementAndGet();
			return ChatResponse.builder().aiMessage(AiMessage.from("a real answer")).build();
		}

		@Override
		public ModelProvider provider() {
			ModelWarmUpTest.this.built.incrementAndGet();
			return ModelProvider.OPEN_AI;
		}

	};

	private ModelWarmUp warmUp(boolean enabled) {
		LlmProperties properties = new LlmProperties(null, null, null, "gpt-4o", Duration.ofSeconds(5), null, 4, null,
				Duration.ofMillis(20), Duration.ofMinutes(1), enabled);
		return new ModelWarmUp(new ModelClient(this.model, properties, new ModelLimits(properties)), properties);
	}

	@Test
	void theWarmUpSendsItsExchangesThroughTheClientToACannedAnswerAndNeverAsksTheModel() {
		ModelWarmUp warmUp = warmUp(true);

		boolean warmed = warmUp.run();

		assertThat(warmed).isTrue();
		assertThat(this.built).as("the configured client is made at start, not on the first call").hasValue(1);
		assertThat(this.asked).as("calls to the configured model").hasValue(0);
	}

	@Test
	void aNodeConfiguredWithoutWarmUpDoesNothingAtStart() {
		ModelWarmUp warmUp = warmUp(false);

		warmUp.onReady();

		assertThat(this.built).hasValue(0);
		assertThat(this.asked).hasValue(0);
	}

}
