package io.bpmnagents.agent;

import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import io.bpmnagents.message.AgentMessage;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.message.MessageType;
import io.bpmnagents.tool.ReadOnlyTool;
import io.bpmnagents.tool.ToolChoices;
import io.bpmnagents.tool.ToolContext;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The built-in tool {@code ask_agent}: an agent asks another agent of the registry a
 * question. The answer is that agent's own model call, in the transcript under its name,
 * made without tools so that questions cannot nest without end; it reads the question as
 * {@code [From <asking agent>]: <question>}. Question and answer are a
 * {@link MessageType#REQUEST} and its {@link MessageType#REPLY} in the run's message
 * history. The model is told the agents it may ask as the parameter's allowed values.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AskAgentTool implements ToolChoices {

	static final String NAME = "ask_agent";

	private final AgentRegistry registry;

	/** The agent service offers this tool; looked up when the tool runs. */
	private final ObjectProvider<AgentService> agents;

	private final MessageStore messages;

	@ReadOnlyTool
	@Tool(name = NAME, value = "Asks another agent of the team a question and returns its answer.")
	String ask(@ToolMemoryId ToolContext context,
			@P(name = "agent", value = "The name of the agent to ask") String agent, @P(name = "question",
					value = "The question, with what the agent needs to know to answer it") String question) {
		if (question == null || question.isBlank()) {
			throw new IllegalArgumentException("'question' must not be empty");
		}
		if (this.registry.find(agent).isEmpty()) {
			throw new IllegalArgumentException(
					"There is no agent named '" + agent + "'. Ask one of: " + String.join(", ", names()) + ".");
		}
		// A request of the run's message history: the asked agent reads who asks, as a
		// recipient of send_message does, and its answer is the reply.
		String asking = (context.agent() != null) ? context.agent() : "another agent";
		this.messages.delivered(context.runId(), MessageType.REQUEST, asking, agent, question, context.callKey());
		String answer = this.agents.getObject()
			.askWithoutTools(new AgentRequest(context.runId(), context.processInstanceId(), context.processKey(),
					context.activityId(), context.callKey(), agent, AgentMessage.prefixed(asking, question), false));
		this.messages.delivered(context.runId(), MessageType.REPLY, agent, asking, answer, context.callKey());
		return answer;
	}

	@Override
	public Map<String, List<String>> choices(String tool) {
		return NAME.equals(tool) ? Map.of("agent", names()) : Map.of();
	}

	private List<String> names() {
		return this.registry.all().stream().map(AgentDefinition::name).toList();
	}

}
