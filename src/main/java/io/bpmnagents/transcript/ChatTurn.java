package io.bpmnagents.transcript;

/**
 * One chat message as it was sent to the model: {@code system}, {@code user} or
 * {@code assistant}.
 */
public record ChatTurn(String role, String content) {

	public static ChatTurn system(String content) {
		return new ChatTurn("system", content);
	}

	public static ChatTurn user(String content) {
		return new ChatTurn("user", content);
	}

	public static ChatTurn assistant(String content) {
		return new ChatTurn("assistant", content);
	}

}
