package io.bpmnagents.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.bpmnagents.transcript.ChatTurn;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up at start runs the client's code without asking the model. */
class ModelWarmUpTest {

	private final AtomicInteger asked = new AtomicInteger();

	private final AtomicInteger built = new AtomicInteger();

	private volatile RuntimeException failBuilding;

	/** Stands for the configured model: counts being built and being asked. */
	private final ChatModel model = new ChatModel() {

		@Override
		public ChatResponse doChat(ChatRequest request) {
			ModelWarmUpTest.this.asked.incrementAndGet();
			return ChatResponse.builder().aiMessage(AiMessage.from("a real answer")).build();
		}

		@Override
		public ModelProvider provider() {
			if (ModelWarmUpTest.this.failBuilding != null) {
				throw ModelWarmUpTest.this.failBuilding;
			}
			ModelWarmUpTest.this.built.incrementAndGet();
			return ModelProvider.OPEN_AI;
		}

	};

	private final LlmProperties properties = properties(true);

	private final ModelLimits limits = new ModelLimits(this.properties);

	private final ModelClient client = new ModelClient(this.model, this.properties, this.limits);

	private static LlmProperties properties(boolean warmUp) {
		return new LlmProperties(null, null, null, "gpt-4o", Duration.ofSeconds(5), null, 1, null,
				Duration.ofMillis(20), Duration.ofMinutes(1), warmUp);
	}

	@Test
	void theWarmUpSendsAPlainAndAJsonExchangeThroughTheClientToTheCannedServer() throws Exception {
		try (CannedModelServer server = CannedModelServer.start()) {

			this.client.warmUp(server.chatModel("gpt-4o"), List.of(ChatTurn.user("Are you ready?")));

			assertThat(server.requests()).hasSize(2);
			assertThat(server.requests().get(0)).contains("Are you ready?").doesNotContain("response_format");
			assertThat(server.requests().get(1)).contains("\"response_format\"").contains("json_object");
		}
		assertThat(this.built).as("the configured client is made at start, not on the first call").hasValue(1);
		assertThat(this.asked).as("calls to the configured model").hasValue(0);
		assertThat(this.limits.gate("gpt-4o").peak()).as("slots of the model's call limit taken").isZero();
	}

	@Test
	void atStartTheWarmUpRunsAndNeverAsksTheModel() {
		boolean warmed = new ModelWarmUp(this.client, this.properties).run();

		assertThat(warmed).isTrue();
		assertThat(this.built).hasValue(1);
		assertThat(this.asked).hasValue(0);
	}

	@Test
	void aWarmUpThatFailsLeavesTheStartGoingOn() {
		this.failBuilding = new IllegalStateException("no such host");

		boolean warmed = new ModelWarmUp(this.client, this.properties).run();

		assertThat(warmed).isFalse();
		assertThat(this.asked).hasValue(0);
	}

	@Test
	void aNodeConfiguredWithoutWarmUpDoesNothingAtStart() {
		LlmProperties off = properties(false);
		ModelWarmUp warmUp = new ModelWarmUp(new ModelClient(this.model, off, new ModelLimits(off)), off);

		warmUp.onReady();

		assertThat(this.built).hasValue(0);
		assertThat(this.asked).hasValue(0);
	}

}
