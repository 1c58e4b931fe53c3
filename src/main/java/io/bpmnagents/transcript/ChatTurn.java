package io.bpmnagents.transcript;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One chat message as it was sent to the model: {@code system}, {@code user} or
 * {@code assistant}; in a tool-call loop also an {@code assistant} message that asks for
 * tools ({@code toolRequests}) and a {@code tool} message with one tool's result.
 *
 * @param name who spoke a {@code user} message in a conversation with several parties
 * (another agent or a person), as OpenAI's message {@code name}; {@code null} otherwise
 * @param toolRequests the tools the assistant asked for, or {@code null}
 * @param toolCallId the request a {@code tool} message answers, or {@code null}
 * @param toolName the tool a {@code tool} message answers for, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatTurn(String role, String content, String name, List<ToolRequest> toolRequests, String toolCallId,
		String toolName) {

	public ChatTurn(String role, String content) {
		this(role, content, null, null, null, null);
	}

	public static ChatTurn system(String content) {
		return new ChatTurn("system", content);
	}

	public static ChatTurn user(String content) {
		return new ChatTurn("user", content);
	}

	/** A message of another party in a conversation, named after its speaker. */
	public static ChatTurn from(String speaker, String content) {
		return new ChatTurn("user", content, speaker, null, null, null);
	}

	public static ChatTurn assistant(String content) {
		return new ChatTurn("assistant", content);
	}

	/** The assistant's request for tools, with the text it sent along, if any. */
	public static ChatTurn toolRequests(String content, List<ToolRequest> requests) {
		return new ChatTurn("assistant", content, null, List.copyOf(requests), null, null);
	}

	/** One tool's result (or error text) for the request with this id. */
	public static ChatTurn toolResult(String toolCallId, String toolName, String content) {
		return new ChatTurn("tool", content, null, null, toolCallId, toolName);
	}

	/**
	 * One tool call a model asked for.
	 *
	 * @param id the model's id of the call, which the result quotes
	 * @param name the tool
	 * @param arguments the arguments as the JSON text the model sent
	 */
	public record ToolRequest(String id, String name, String arguments) {
	}

}
