package io.bpmnagents.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.bpmnagents.agent.AgentDefinition;
import io.bpmnagents.agent.AgentRegistry;
import lombok.RequiredArgsConstructor;

/**
 * An in-process model for process tests: answers "&lt;agent&gt; answer N", records every
 * request, and can be scripted to answer differently or to fail for one agent.
 */
@RequiredArgsConstructor
public class FakeModel implements ChatModel {

	private final AgentRegistry agents;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	private final Map<String, Function<Call, String>> scripts = new ConcurrentHashMap<>();

	private final Map<String, Function<Call, AiMessage>> messageScripts = new ConcurrentHashMap<>();

	/**
	 * One request as the fake saw it.
	 *
	 * @param schema the JSON Schema asked for as response format, or {@code null}
	 * @param tools the names of the tools it offered
	 */
	public record Call(String agent, List<ChatMessage> messages, boolean json, String schema, List<String> tools) {

		/** The last user message (tool results may follow it). */
		public String prompt() {
			for (int i = this.messages.size() - 1; i >= 0; i--) {
				if (this.messages.get(i) instanceof UserMessage user) {
					return user.singleText();
				}
			}
			throw new IllegalStateException("No user message");
		}

		/** The tool results sent with this request, in order. */
		public List<ToolExecutionResultMessage> toolResults() {
			return this.messages.stream()
				.filter(ToolExecutionResultMessage.class::isInstance)
				.map(ToolExecutionResultMessage.class::cast)
				.toList();
		}

	}

	public void reset() {
		this.calls.clear();
		this.failuresLeft.clear();
		this.scripts.clear();
		this.messageScripts.clear();
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	public List<Call> callsOf(String agent) {
		return this.calls.stream().filter((call) -> call.agent().equals(agent)).toList();
	}

	/** The agent's next {@code times} calls fail as a server error would. */
	public void failNext(String agent, int times) {
		this.failuresLeft.put(agent, new AtomicInteger(times));
	}

	/** The agent answers with what {@code script} returns. */
	public void script(String agent, Function<Call, String> script) {
		this.scripts.put(agent, script);
	}

	private static String schema(ChatRequest request) {
		if (request.responseFormat() == null || request.responseFormat().jsonSchema() == null) {
			return null;
		}
		Object root = request.responseFormat().jsonSchema().rootElement();
		return (root instanceof JsonRawSchema raw) ? raw.schema() : String.valueOf(root);
	}

	/** The agent answers with the message {@code script} returns, e.g. tool requests. */
	public void scriptMessage(String agent, Function<Call, AiMessage> script) {
		this.messageScripts.put(agent, script);
	}

	/**
	 * The agent first calls {@code tool} with these arguments, then answers
	 * {@code answerBefore} followed by what the tool returned.
	 */
	public void callToolThenAnswer(String agent, String tool, String arguments, String answerBefore) {
		scriptMessage(agent,
				(call) -> call.toolResults().isEmpty()
						? AiMessage
							.from(ToolExecutionRequest.builder().id("c1").name(tool).arguments(arguments).build())
						: AiMessage.from(answerBefore + call.toolResults().get(0).text()));
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		String system = request.messages()
			.stream()
			.filter(SystemMessage.class::isInstance)
			.map((message) -> ((SystemMessage) message).text())
			.findFirst()
			.orElse("");
		String agent = this.agents.all()
			.stream()
			.filter((definition) -> definition.systemPrompt().equals(system))
			.map(AgentDefinition::name)
			.findFirst()
			.orElse("unknown");
		Call call = new Call(agent, List.copyOf(request.messages()),
				request.responseFormat() != null && request.responseFormat().type().name().equals("JSON"),
				schema(request), (request.toolSpecifications() != null)
						? request.toolSpecifications().stream().map(ToolSpecification::name).toList() : List.of());
		this.calls.add(call);
		AtomicInteger failures = this.failuresLeft.get(agent);
		if (failures != null && failures.getAndDecrement() > 0) {
			throw new IllegalStateException("Simulated model failure for " + agent);
		}
		Function<Call, AiMessage> messageScript = this.messageScripts.get(agent);
		Function<Call, String> script = this.scripts.get(agent);
		AiMessage message = (messageScript != null) ? messageScript.apply(call)
				: AiMessage.from((script != null) ? script.apply(call) : agent + " answer " + callsOf(agent).size());
		return ChatResponse.builder()
			.aiMessage(message)
			.modelName("fake-model")
			.tokenUsage(new TokenUsage(10, 5))
			.build();
	}

}
