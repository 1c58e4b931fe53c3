package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * One look at a run for its {@link RunFeed}, as the app: whether the run is still there
 * and whether it ended, and the ids of its calls; only calls that are new or newly ended
 * are read whole. A run that is gone (its history deleted) ends the feed without
 * {@code run-ended}, as it ended each stream before.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
final class RunLook {

	/** The most calls read whole in one query. */
	private static final int READ_AT_ONCE = 200;

	private final RunService runs;

	private final RunAccess access;

	private final TranscriptStore transcript;

	private final ObjectMapper json;

	void look(RunFeed feed) {
		this.access.asApp(() -> {
			lookAsApp(feed);
			return null;
		});
	}

	private void lookAsApp(RunFeed feed) {
		String runId = feed.runId();
		HistoricProcessInstance run;
		try {
			run = this.access.read(runId, (found) -> found);
		}
		catch (RunNotFoundException ex) {
			feed.end(RunFeed.State.GONE);
			return;
		}
		addCalls(feed);
		if (run.getEndTime() != null) {
			// A call may have ended between the transcript's read and the run's.
			addCalls(feed);
			feed.runEnded(json(this.runs.view(run)));
		}
	}

	/** Adds the calls that started or ended since the last look, reading only those. */
	private void addCalls(RunFeed feed) {
		String runId = feed.runId();
		List<String> changed = new ArrayList<>();
		this.transcript.callStates(runId).forEach((id, done) -> {
			if (!feed.knows(id, done)) {
				changed.add(id);
			}
		});
		for (int from = 0; from < changed.size(); from += READ_AT_ONCE) {
			List<String> ids = changed.subList(from, Math.min(changed.size(), from + READ_AT_ONCE));
			for (TranscriptEntry call : this.transcript.calls(runId, ids)) {
				if (!feed.knows(call.id(), false)) {
					feed.callStarted(call.id(), json(summary(call)));
				}
				if (call.endedAt() != null) {
					feed.callEnded(call.id(), json(call));
				}
			}
		}
	}

	private static Map<String, Object> summary(TranscriptEntry call) {
		return Map.of("id", call.id(), "agent", call.agent(), "activityId", call.activityId(), "attempt",
				call.attempt(), "startedAt", call.startedAt().toString(), "worker", call.worker());
	}

	/** The data as the API writes it: once for all streams. */
	private String json(Object data) {
		try {
			return this.json.writeValueAsString(data);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Could not write an event of a run as JSON", ex);
		}
	}

}
