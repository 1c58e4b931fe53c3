package io.bpmnagents.evaluation;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.bpmnagents.dataset.DatasetCase;
import io.bpmnagents.dataset.DatasetCatalog;
import io.bpmnagents.replay.LiveFrom;
import io.bpmnagents.replay.ReplayRequest;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.run.RunService;
import io.bpmnagents.transcript.TranscriptEntry;
import io.bpmnagents.transcript.TranscriptStore;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Stand-ins for the replay and the datasets, which are built beside the evaluations: a
 * "replay" that starts the target with the recorded input and every call live, and tells
 * where it went live by comparing its prompts with the original's in order; and one
 * dataset, {@value #DATASET}, of one case without a recording.
 */
@TestConfiguration(proxyBeanMethods = false)
class EvaluationTestBeans {

	static final String DATASET = "refund-questions";

	@Bean
	ReplayStarts liveFromTheStartReplays(RunService runs, RunInputs inputs, TranscriptStore transcript) {
		return new LiveReplays(runs, inputs, transcript);
	}

	@Bean
	DatasetCatalog oneDataset() {
		return (name) -> DATASET.equals(name) ? Optional.of(List.of(new DatasetCase("refund-1",
				Map.of("task", "How does a customer get a refund?"), "Names the form a refund is asked with", null)))
				: Optional.empty();
	}

	/** Replays that go live at once: the live model answers every call. */
	static class LiveReplays implements ReplayStarts {

		private final RunService runs;

		private final RunInputs inputs;

		private final TranscriptStore transcript;

		private final Map<String, String> originals = new ConcurrentHashMap<>();

		LiveReplays(RunService runs, RunInputs inputs, TranscriptStore transcript) {
			this.runs = runs;
			this.inputs = inputs;
			this.transcript = transcript;
		}

		@Override
		public String start(ReplayRequest request) {
			RunInputs.RunInput input = this.inputs.of(request.originalRunId())
				.orElseThrow(() -> new IllegalArgumentException("No recorded input of " + request.originalRunId()));
			String version = (request.processDefinitionId() != null) ? request.processDefinitionId()
					: input.processDefinitionId();
			String id = this.runs.startVersion(version, input.input()).id();
			this.originals.put(id, request.originalRunId());
			return id;
		}

		@Override
		public Optional<LiveFrom> liveFrom(String replayRunId) {
			List<TranscriptEntry> original = this.transcript.forRun(this.originals.get(replayRunId));
			List<TranscriptEntry> replay = this.transcript.forRun(replayRunId);
			for (int call = 0; call < replay.size(); call++) {
				String expected = (call < original.size()) ? original.get(call).prompt() : null;
				TranscriptEntry actual = replay.get(call);
				if (!actual.prompt().equals(expected)) {
					return Optional
						.of(new LiveFrom(actual.activityId(), actual.agent(), actual.id(), expected, actual.prompt()));
				}
			}
			return Optional.empty();
		}

	}

}
