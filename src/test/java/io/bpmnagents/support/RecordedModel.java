package io.bpmnagents.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.bpmnagents.replay.Recording;
import io.bpmnagents.transcript.ChatTurn;

/**
 * A model that answers from a run's recording ({@code GET /api/runs/{id}/recording}), so
 * a real run becomes a deterministic regression test: each request is answered by the
 * first recorded call not used yet whose chat — system prompt, memory and prompt — is the
 * one sent. A chat the recording does not have fails, naming its prompt, like a model
 * error would; it is never answered with something else.
 * <p>
 * Use it as the application's {@link ChatModel} bean in a test, e.g.
 * {@code @Bean @Primary ChatModel model() { return RecordedModel.load(path); }}.
 */
public class RecordedModel implements ChatModel {

	private static final ObjectMapper JSON = new ObjectMapper()
		.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

	private final List<Recording.Call> unused;

	private final AtomicInteger answered = new AtomicInteger();

	private final List<String> refused = new ArrayList<>();

	public RecordedModel(Recording recording) {
		if (!Recording.FORMAT.equals(recording.format())) {
			throw new IllegalArgumentException("Not a bpmn-agents recording: format " + recording.format());
		}
		this.unused = new ArrayList<>(recording.calls());
	}

	public static RecordedModel load(Path file) throws IOException {
		return new RecordedModel(JSON.readValue(file.toFile(), Recording.class));
	}

	/** How many requests were answered from the recording. */
	public int answered() {
		return this.answered.get();
	}

	/** The prompts of requests the recording had no answer for. */
	public synchronized List<String> refused() {
		return List.copyOf(this.refused);
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		List<ChatTurn> chat = request.messages().stream().map(RecordedModel::turn).toList();
		Recording.Call call = take(chat);
		this.answered.incrementAndGet();
		return ChatResponse.builder()
			.aiMessage(AiMessage.from(call.response()))
			.modelName(call.model())
			.tokenUsage(new TokenUsage(call.promptTokens(), call.completionTokens()))
			.finishReason(FinishReason.STOP)
			.build();
	}

	private synchronized Recording.Call take(List<ChatTurn> chat) {
		for (int i = 0; i < this.unused.size(); i++) {
			if (this.unused.get(i).contextMessages().equals(chat)) {
				return this.unused.remove(i);
			}
		}
		String prompt = chat.isEmpty() ? "" : chat.get(chat.size() - 1).content();
		this.refused.add(prompt);
		throw new IllegalStateException(
				"No recorded answer for this chat (" + this.unused.size() + " recorded calls left). Prompt: " + prompt);
	}

	private static ChatTurn turn(ChatMessage message) {
		if (message instanceof SystemMessage system) {
			return ChatTurn.system(system.text());
		}
		if (message instanceof AiMessage ai) {
			return ChatTurn.assistant(ai.text());
		}
		return ChatTurn.user(((UserMessage) message).singleText());
	}

}
