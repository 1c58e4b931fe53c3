package io.bpmnagents.transcript;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One chat message as it was sent to the model: {@code system}, {@code user} or
 * {@code assistant}.
 *
 * @param name who spoke a {@code user} message in a conversation with several parties
 * (another agent or a person), as OpenAI's message {@code name}; {@code null} otherwise
 */
public record ChatTurn(String role, String content, @JsonInclude(JsonInclude.Include.NON_NULL) String name) {

	public ChatTurn(String role, String content) {
		this(role, content, null);
	}

	public static ChatTurn system(String content) {
		return new ChatTurn("system", content);
	}

	public static ChatTurn user(String content) {
		return new ChatTurn("user", content);
	}

	/** A message of another party in a conversation, named after its speaker. */
	public static ChatTurn from(String speaker, String content) {
		return new ChatTurn("user", content, speaker);
	}

	public static ChatTurn assistant(String content) {
		return new ChatTurn("assistant", content);
	}

}
