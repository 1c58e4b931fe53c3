package io.bpmnagents.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.message.MessageType;
import io.bpmnagents.tool.ReadOnlyTool;
import io.bpmnagents.tool.ToolChoices;
import io.bpmnagents.tool.ToolContext;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The built-in tool {@code send_message}: an agent sends a message to another agent of
 * the run ({@link MessageType#DIRECT}), or to every agent of the run but itself
 * ({@code all}, {@link MessageType#BROADCAST}; who that is: {@link RunTeam}). It does not
 * wait: the recipient reads {@code [From <sender>]: <message>} in its next model call in
 * the run. To ask and wait for the answer, an agent uses {@code ask_agent}.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class SendMessageTool implements ToolChoices {

	static final String NAME = "send_message";

	/** The recipient that makes a message a broadcast. */
	static final String ALL = "all";

	private final AgentRegistry registry;

	private final MessageStore messages;

	private final RunTeam team;

	@ReadOnlyTool
	@Tool(name = NAME,
			value = "Sends a message to another agent of the run, or to all of them with 'all'. "
					+ "The recipient reads it, with your name, in its next turn; this does not wait for an answer "
					+ "(to ask and wait, use ask_agent).")
	String send(@ToolMemoryId ToolContext context,
			@P(name = "to", value = "The agent to send to, or 'all' for every other agent of the run") String to,
			@P(name = "message", value = "The message to send") String message) {
		if (message == null || message.isBlank()) {
			throw new IllegalArgumentException("'message' must not be empty");
		}
		String sender = context.agent();
		if (ALL.equals(to)) {
			List<String> recipients = new ArrayList<>(this.team.of(context.runId(), context.processInstanceId()));
			recipients.remove(sender);
			if (recipients.isEmpty()) {
				throw new IllegalArgumentException(
						"No other agent takes part in this run yet, so 'all' reaches nobody. Send to one of: "
								+ String.join(", ", others(sender)) + ".");
			}
			this.messages.send(context.runId(), MessageType.BROADCAST, sender, recipients, message, context.callKey());
			return "Sent to " + String.join(", ", recipients) + "; each reads it in its next turn.";
		}
		if (to == null || this.registry.find(to).isEmpty()) {
			throw new IllegalArgumentException("There is no agent named '" + to + "'. Send to one of: "
					+ String.join(", ", others(sender)) + ", or '" + ALL + "'.");
		}
		if (to.equals(sender)) {
			throw new IllegalArgumentException("You are " + sender + ": send to another agent, or '" + ALL + "'.");
		}
		this.messages.send(context.runId(), MessageType.DIRECT, sender, List.of(to), message, context.callKey());
		return "Sent to " + to + "; it reads it in its next turn.";
	}

	/** The recipients the model is told of: a broadcast first, then every agent. */
	@Override
	public Map<String, List<String>> choices(String tool) {
		if (!NAME.equals(tool)) {
			return Map.of();
		}
		List<String> recipients = new ArrayList<>();
		recipients.add(ALL);
		this.registry.all()
			.stream()
			.map(AgentDefinition::name)
			.filter((name) -> !ALL.equals(name))
			.forEach(recipients::add);
		return Map.of("to", recipients);
	}

	private List<String> others(String sender) {
		return this.registry.all().stream().map(AgentDefinition::name).filter((name) -> !name.equals(sender)).toList();
	}

}
