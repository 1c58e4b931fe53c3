package io.bpmnagents.run;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.tool.WorkspaceStore;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * What a run's agents did with tools: the tool calls under the model calls that asked for
 * them, and the run's shared workspace. Read only after {@link RunService} let the person
 * see the run (or, for a person's direct question to an agent, once the {@code ask}
 * package let them see it).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunTools {

	private final ToolCallStore toolCalls;

	private final WorkspaceStore workspace;

	private final ToolRegistry tools;

	/** The transcript with each model call's {@code toolCalls}. */
	public List<TranscriptEntry> withToolCalls(String runId, List<TranscriptEntry> transcript) {
		return withToolCalls(transcript, this.toolCalls.forRun(runId));
	}

	/** The transcript with each model call's {@code toolCalls}, read with it. */
	List<TranscriptEntry> withToolCalls(List<TranscriptEntry> transcript, List<ToolCallEntry> toolCalls) {
		// The server recorded with the call; for calls recorded before servers were, the
		// server of the tool as the configuration names it now.
		Map<String, List<ToolCallEntry>> byModelCall = toolCalls.stream()
			.map((call) -> (call.server() != null) ? call
					: this.tools.serverOf(call.tool()).map(call::withServer).orElse(call))
			.collect(Collectors.groupingBy(ToolCallEntry::modelCallId));
		if (byModelCall.isEmpty()) {
			return transcript;
		}
		return transcript.stream().map((entry) -> entry.withToolCalls(byModelCall.get(entry.id()))).toList();
	}

	Map<String, String> workspace(String runId) {
		return this.workspace.all(runId);
	}

}
