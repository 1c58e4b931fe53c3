package io.bpmnagents.replay;

import java.util.List;
import java.util.Map;

import io.bpmnagents.transcript.ChatTurn;
import io.bpmnagents.transcript.TranscriptEntry;

/**
 * A run's answers as a file ({@code GET /api/runs/{id}/recording}): what it was started
 * with and every answered call, in start order, with the chat that was sent. A test loads
 * it as its model, so a real run becomes a deterministic regression test.
 *
 * @param format {@value #FORMAT}
 * @param run the recorded run's id
 * @param process the process key
 * @param processVersion the version that ran
 * @param input the variables the run started with (null when they could not be recorded)
 * @param calls the answered model calls, in the order they started
 */
public record Recording(String format, String run, String process, int processVersion, Map<String, Object> input,
		List<Call> calls) {

	public static final String FORMAT = "bpmn-agents-recording/1";

	/** One answered call: where it was asked, what was sent and what came back. */
	public record Call(String activityId, String agent, String model, String prompt, List<ChatTurn> contextMessages,
			String response, Integer promptTokens, Integer completionTokens) {
	}

	public static Recording of(String run, String process, int processVersion, Map<String, Object> input,
			List<TranscriptEntry> transcript) {
		return new Recording(FORMAT, run, process, processVersion, input,
				transcript.stream()
					.filter((entry) -> entry.response() != null)
					.map((entry) -> new Call(entry.activityId(), entry.agent(), entry.model(), entry.prompt(),
							entry.contextMessages(), entry.response(), entry.promptTokens(), entry.completionTokens()))
					.toList());
	}

}
