package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bpmnagents.transcript.ChatTurn;

/**
 * The conversation so far as the speaker's chat: its own turns as its answers, everyone
 * else's (agents and people) as messages named after their speaker, the way group chats
 * of AutoGen and CrewAI present it. The model, and the simulator, tell the parties apart
 * by the messages' roles and names, not by how the prompt words them.
 */
final class ConversationHistory {

	/** OpenAI accepts names of letters, digits, '_' and '-', at most 64 of them. */
	private static final int MAX_NAME = 64;

	private ConversationHistory() {
	}

	static List<ChatTurn> of(List<Map<String, Object>> conversation, String speaker) {
		List<ChatTurn> history = new ArrayList<>();
		for (Map<String, Object> entry : conversation) {
			String from = String.valueOf(entry.get("speaker"));
			String message = String.valueOf(entry.get("message"));
			boolean human = Boolean.TRUE.equals(entry.get("human"));
			history.add((!human && from.equals(speaker)) ? ChatTurn.assistant(message)
					: ChatTurn.from(name(from), message));
		}
		return history;
	}

	static String name(String speaker) {
		String name = speaker.replaceAll("[^A-Za-z0-9_-]", "_");
		return name.isEmpty() ? "_" : (name.length() > MAX_NAME) ? name.substring(0, MAX_NAME) : name;
	}

}
