package io.bpmnagents.run;

import java.util.List;

import io.bpmnagents.transcript.RunCalls;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * A run's transcript as {@code GET /api/runs/{id}/transcript} shows it: its model calls,
 * each with its tool calls, and the calls a spent quota held among them. Two statements:
 * the run, for whether the person may see it, which also tells whether a spent quota held
 * calls of it (rare: then a third reads them), and its calls with their tool calls.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunTranscripts {

	private final RunAccess access;

	private final RunViewQuery query;

	private final RunCalls calls;

	private final RunTools tools;

	private final QuotaHolds quotaHolds;

	List<TranscriptEntry> of(String id) {
		RunViewQuery.Transcribed run = this.access.read(id, this.query::transcribed, RunViewQuery.Transcribed::run);
		RunCalls.Calls read = this.calls.of(id);
		List<TranscriptEntry> calls = this.tools.withToolCalls(read.calls(), read.toolCalls());
		return run.quotaHolds() ? this.quotaHolds.within(id, calls) : calls;
	}

}
