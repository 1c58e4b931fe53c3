package io.bpmnagents.tool;

import java.util.Set;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolMemoryId;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * The built-in tools {@code workspace_read} and {@code workspace_write}: agents of one
 * run share notes through the run's workspace ({@link WorkspaceStore}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class WorkspaceTools {

	static final int MAX_KEY_LENGTH = 255;

	private final WorkspaceStore workspace;

	@ReadOnlyTool
	@Tool(name = "workspace_read", value = "Reads the text stored under a key in the run's shared workspace.")
	String read(@ToolMemoryId ToolContext context, @P(name = "key", value = "The key to read") String key) {
		return this.workspace.read(context.runId(), checked(key))
			.orElseGet(() -> "Nothing is stored under '" + key + "'. Stored keys: " + keys(context) + ".");
	}

	@ReadOnlyTool
	@Tool(name = "workspace_write",
			value = "Stores a text under a key in the run's shared workspace, replacing what was there; other agents of the run can read it.")
	String write(@ToolMemoryId ToolContext context, @P(name = "key", value = "The key to write") String key,
			@P(name = "text", value = "The text to store") String text) {
		if (text == null) {
			throw new IllegalArgumentException("'text' is required");
		}
		this.workspace.write(context.runId(), checked(key), text);
		return "Stored " + text.length() + " characters under '" + key + "'.";
	}

	private String keys(ToolContext context) {
		Set<String> keys = this.workspace.all(context.runId()).keySet();
		return keys.isEmpty() ? "none" : String.join(", ", keys);
	}

	private static String checked(String key) {
		if (key == null || key.isBlank()) {
			throw new IllegalArgumentException("'key' must not be empty");
		}
		if (key.length() > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("'key' must be at most " + MAX_KEY_LENGTH + " characters");
		}
		return key;
	}

}
