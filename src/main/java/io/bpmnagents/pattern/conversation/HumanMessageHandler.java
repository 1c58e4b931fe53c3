package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Adds a person's message, received by the conversation's message event subprocess, to
 * the conversation, where the next speaker sees it among the recent messages, and records
 * where it entered, for replays ({@link ConversationReplays}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class HumanMessageHandler implements TopicHandler {

	static final String TOPIC = "conversation-message";

	private final TaskOutcomes outcomes;

	private final PersonMessages messages;

	private final PersonMessageTasks personTasks;

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Object from = this.outcomes.variable(task, ConversationMessages.FROM);
		Object content = this.outcomes.variable(task, ConversationMessages.CONTENT);
		// A person's message arrives with the correlation, in the message event
		// subprocess; a message a task maps in itself (a stall decision's instruction)
		// is re-delivered with its decision.
		boolean person = this.personTasks.takesAPersonsMessage(task);
		String run = this.outcomes.runId(task);
		this.outcomes.complete(task, (current) -> {
			Map<String, Object> variables = new HashMap<>();
			variables.put(Conversation.CONVERSATION.name(), current.apply(Conversation.CONVERSATION.name()));
			variables.put(Conversation.TURNS.name(), current.apply(Conversation.TURNS.name()));
			List<Map<String, Object>> sofar = Conversation.CONVERSATION.from(variables);
			List<Map<String, Object>> conversation = (sofar != null) ? new ArrayList<>(sofar) : new ArrayList<>();
			Map<String, Object> entry = new LinkedHashMap<>();
			Integer turns = Conversation.TURNS.from(variables);
			entry.put("turn", (turns != null) ? turns : 0);
			entry.put("speaker", String.valueOf(from));
			entry.put("message", String.valueOf(content));
			entry.put("human", true);
			if (person) {
				this.messages.record(run, UUID.randomUUID().toString(), conversation.size(),
						(turns != null) ? turns : 0, String.valueOf(from), String.valueOf(content));
			}
			conversation.add(entry);
			return Map.of(Conversation.CONVERSATION.name(), Conversation.CONVERSATION.typed(conversation));
		}, true);
	}

}
