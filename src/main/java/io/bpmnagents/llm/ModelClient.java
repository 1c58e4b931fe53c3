package io.bpmnagents.llm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.bpmnagents.transcript.ChatTurn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Sends one agent's chat messages to the configured model through langchain4j and returns
 * the answer with its token usage, within the model's limits ({@link ModelLimits}).
 * Retries are not done here, except after a rate limit: a failed call surfaces so that
 * the engine's retry and incident handling see it, and the transcript records every
 * attempt.
 */
@Component
public class ModelClient {

	private static final Logger log = LoggerFactory.getLogger(ModelClient.class);

	private final ChatModel chatModel;

	private final LlmProperties properties;

	private final ModelLimits limits;

	ModelClient(@org.springframework.context.annotation.Lazy ChatModel chatModel, LlmProperties properties,
			ModelLimits limits) {
		this.chatModel = chatModel;
		this.properties = properties;
		this.limits = limits;
	}

	/** The model an agent's calls use: its own, else the configured default. */
	public String modelFor(ModelSettings agent) {
		return (agent.model() != null && !agent.model().isBlank()) ? agent.model() : this.properties.model();
	}

	public ModelReply chat(ModelSettings agent, List<ChatTurn> messages, boolean jsonAnswer) {
		return chat(agent, messages, jsonAnswer, null);
	}

	/**
	 * As {@link #chat(ModelSettings, List, boolean)}; with {@code answerSchema} (a JSON
	 * Schema) the model is asked for JSON that satisfies it
	 * ({@code response_format: json_schema}). The schema is passed through as written
	 * (langchain4j's raw schema), so nothing of it is lost in translation; it is not
	 * strict, so a server that only knows JSON mode still answers, and the caller checks
	 * the answer either way.
	 */
	public ModelReply chat(ModelSettings agent, List<ChatTurn> messages, boolean jsonAnswer, String answerSchema) {
		return chat(agent, messages, jsonAnswer, answerSchema, List.of());
	}

	/**
	 * As {@link #chat(ModelSettings, List, boolean, String)}, offering the model these
	 * tools: its reply either answers or asks for tool calls
	 * ({@link ModelReply#wantsTools()}).
	 */
	public ModelReply chat(ModelSettings agent, List<ChatTurn> messages, boolean jsonAnswer, String answerSchema,
			List<ToolSpecification> tools) {
		return chat((request) -> send(agent, request), agent, messages, jsonAnswer, answerSchema, tools);
	}

	/**
	 * Builds the configured client (it is made on first use) and sends a plain and a JSON
	 * exchange through the same code as every call, to {@code canned} instead of the
	 * model, outside the model's call limit ({@link ModelWarmUp}).
	 */
	void warmUp(ChatModel canned, List<ChatTurn> messages) {
		this.chatModel.provider();
		ModelSettings settings = new WarmUpSettings("warm-up", null, null, null);
		chat(canned::chat, settings, messages, false, null, List.of());
		chat(canned::chat, settings, messages, true, null, List.of());
	}

	private record WarmUpSettings(String name, String model, Double temperature,
			Integer maxTokens) implements ModelSettings {
	}

	/**
	 * @param sender sends the request: to the model within its limits, or to the
	 * warm-up's canned answer
	 */
	private ModelReply chat(Function<ChatRequest, ChatResponse> sender, ModelSettings agent, List<ChatTurn> messages,
			boolean jsonAnswer, String answerSchema, List<ToolSpecification> tools) {
		ChatRequest.Builder request = ChatRequest.builder()
			.messages(messages.stream().map(ModelClient::toMessage).toList())
			.modelName(modelFor(agent))
			.temperature(agent.temperature())
			.maxOutputTokens(agent.maxTokens());
		if (answerSchema != null) {
			request.responseFormat(schema(answerSchema));
		}
		else if (jsonAnswer) {
			request.responseFormat(ResponseFormat.JSON);
		}
		if (!tools.isEmpty()) {
			request.toolSpecifications(tools);
		}
		ChatResponse response = sender.apply(request.build());
		String text = (response.aiMessage() != null) ? response.aiMessage().text() : null;
		List<ChatTurn.ToolRequest> toolRequests = (response.aiMessage() != null
				&& response.aiMessage().hasToolExecutionRequests())
						? response.aiMessage()
							.toolExecutionRequests()
							.stream()
							.map((r) -> new ChatTurn.ToolRequest(r.id(), r.name(), r.arguments()))
							.toList()
						: List.of();
		if (text == null && toolRequests.isEmpty()) {
			throw new ModelCallException("Model returned no text for agent '" + agent.name() + "'", null);
		}
		TokenUsage usage = response.tokenUsage();
		String model = (response.modelName() != null) ? response.modelName() : modelFor(agent);
		return new ModelReply(text, model, (usage != null) ? usage.inputTokenCount() : null,
				(usage != null) ? usage.outputTokenCount() : null, toolRequests, finishReason(response.finishReason()));
	}

	/** The finish reason as the OpenAI API spells it, for traces. */
	static String finishReason(FinishReason reason) {
		if (reason == null) {
			return null;
		}
		return switch (reason) {
			case STOP -> "stop";
			case LENGTH -> "length";
			case TOOL_EXECUTION -> "tool_calls";
			case CONTENT_FILTER -> "content_filter";
			default -> reason.name().toLowerCase(java.util.Locale.ROOT);
		};
	}

	private static ResponseFormat schema(String answerSchema) {
		return ResponseFormat.builder()
			.type(ResponseFormatType.JSON)
			.jsonSchema(JsonSchema.builder().name("answer").rootElement(JsonRawSchema.from(answerSchema)).build())
			.build();
	}

	/**
	 * Sends within the model's limit. A rate limit (HTTP 429) is not a failed attempt:
	 * the model's calls pause for the wait the server asked for and this call is sent
	 * again, until it has waited {@code llm.max-rate-limit-wait} in all.
	 */
	private ChatResponse send(ModelSettings agent, ChatRequest request) {
		ModelLimits.Gate gate = this.limits.gate(request.modelName());
		long deadline = System.nanoTime() + this.properties.maxRateLimitWait().toNanos();
		while (true) {
			try {
				gate.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ModelCallException("Model call for agent '" + agent.name() + "' was interrupted", ex);
			}
			try {
				return this.chatModel.chat(request);
			}
			catch (RuntimeException ex) {
				Optional<Duration> wait = rateLimitWait(ex);
				if (wait.isEmpty() || System.nanoTime() + wait.get().toNanos() > deadline) {
					throw new ModelCallException("Model call for agent '" + agent.name() + "' failed: " + describe(ex),
							ex);
				}
				log.info("Model {} is rate limited; its calls pause for {} ms", request.modelName(),
						wait.get().toMillis());
				gate.pause(wait.get());
			}
			finally {
				gate.release();
			}
		}
	}

	/** The pause a 429 asks for, or empty when the failure is not a rate limit. */
	private Optional<Duration> rateLimitWait(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof RateLimitedException limited) {
				return Optional.of(limited.retryAfter().orElse(this.properties.rateLimitPause()));
			}
			if (cause instanceof RateLimitException
					|| (cause instanceof HttpException http && http.statusCode() == 429)) {
				return Optional.of(this.properties.rateLimitPause());
			}
		}
		return Optional.empty();
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return (root != ex && root.getMessage() != null && !message.contains(root.getMessage()))
				? message + " (" + root.getMessage() + ")" : message;
	}

	private static ChatMessage toMessage(ChatTurn turn) {
		return switch (turn.role()) {
			case "system" -> SystemMessage.from(turn.content());
			case "assistant" ->
				(turn.toolRequests() == null || turn.toolRequests().isEmpty()) ? AiMessage.from(turn.content())
						: AiMessage.builder()
							.text(turn.content())
							.toolExecutionRequests(turn.toolRequests()
								.stream()
								.map((r) -> ToolExecutionRequest.builder()
									.id(r.id())
									.name(r.name())
									.arguments(r.arguments())
									.build())
								.toList())
							.build();
			case "tool" -> ToolExecutionResultMessage.from(turn.toolCallId(), turn.toolName(), turn.content());
			default -> (turn.name() != null) ? UserMessage.from(turn.name(), turn.content())
					: UserMessage.from(turn.content());
		};
	}

}
