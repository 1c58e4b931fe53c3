package io.bpmnagents.mcpserver;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunView;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * What the tools answer: a run as structured content (with the same JSON as text, for
 * clients that read only text), and a refusal as a tool error that names the field, as
 * the runs API's 4xx does. A refusal is the tool's answer, not a protocol error: the
 * calling agent reads it and can correct its call.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class RunAnswers {

	private final ObjectMapper json;

	private final RunOperations runs;

	CallToolResult run(RunView run) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("runId", run.id());
		answer.put("businessKey", run.businessKey());
		answer.put("process", run.process());
		answer.put("status", run.status().name());
		answer.put("outputs", run.output());
		if (run.status() == RunView.Status.RUNNING && !run.userTasks().isEmpty()) {
			answer.put("waitingFor", this.runs.waitingFor(run));
		}
		if (!run.incidents().isEmpty()) {
			answer.put("incidents", run.incidents());
		}
		answer.put("endedBy", run.endedBy());
		answer.put("endMessage", run.endMessage());
		answer.put("startedAt", run.startedAt());
		answer.put("endedAt", run.endedAt());
		answer.put("usage", run.usage());
		return structured(answer);
	}

	/** Any answer as structured content and text; {@code null} values left out. */
	CallToolResult structured(Map<String, Object> answer) {
		Map<String, Object> plain = new LinkedHashMap<>();
		answer.forEach((key, value) -> {
			if (value != null) {
				plain.put(key, this.json.convertValue(value, Object.class));
			}
		});
		return CallToolResult.builder().structuredContent(plain).addTextContent(text(plain)).isError(false).build();
	}

	static CallToolResult refused(RunOperations.Refused refusal) {
		String field = (refusal.field() != null) ? "Field '" + refusal.field() + "': " : "";
		return CallToolResult.builder().addTextContent(field + refusal.getMessage()).isError(true).build();
	}

	static CallToolResult refused(String field, String message) {
		return CallToolResult.builder().addTextContent("Field '" + field + "': " + message).isError(true).build();
	}

	String text(Object value) {
		try {
			return this.json.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A tool's answer could not be written as JSON", ex);
		}
	}

}
