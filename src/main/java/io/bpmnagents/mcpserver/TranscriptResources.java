package io.bpmnagents.mcpserver;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bpmnagents.run.RunOperations;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * A resource per run: its transcript (model calls with their tool calls, and the calls a
 * spent quota held), as {@code GET /api/runs/{id}/transcript} shows it to the same
 * caller. A run the caller may not see is not found, as in the runs API.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class TranscriptResources {

	static final String TEMPLATE = "bpmn-agents://runs/{runId}/transcript";

	private static final Pattern URI = Pattern.compile("bpmn-agents://runs/([^/]+)/transcript");

	private final Callers callers;

	private final RunOperations runs;

	private final RunAnswers answers;

	SyncResourceTemplateSpecification template() {
		ResourceTemplate template = ResourceTemplate.builder()
			.uriTemplate(TEMPLATE)
			.name("run-transcript")
			.title("A run's transcript")
			.description("What the run's agents were asked and answered, with their tool calls, usage and latency.")
			.mimeType("application/json")
			.build();
		return new SyncResourceTemplateSpecification(template, (exchange, request) -> {
			Matcher uri = URI.matcher(request.uri());
			if (!uri.matches()) {
				throw McpError.RESOURCE_NOT_FOUND.apply(request.uri());
			}
			try {
				String text = this.callers.as(exchange.transportContext(),
						() -> this.answers.text(this.runs.transcript(uri.group(1))));
				return new ReadResourceResult(
						List.of(new TextResourceContents(request.uri(), "application/json", text)));
			}
			catch (RunOperations.Refused ex) {
				throw McpError.builder(ErrorCodes.RESOURCE_NOT_FOUND).message(ex.getMessage()).build();
			}
		});
	}

}
