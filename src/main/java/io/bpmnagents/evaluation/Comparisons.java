package io.bpmnagents.evaluation;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bpmnagents.replay.LiveFrom;
import io.bpmnagents.replay.ReplayStarts;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import io.bpmnagents.transcript.Usage;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Compares a case's new run with its original: the outcomes (the {@code result} output,
 * else all outputs as JSON) and their diff, tokens, cost and time of both, and where the
 * new run went live. A dataset case without a recording compares with what it expects.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class Comparisons {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
		.findAndRegisterModules();

	/** Lazily: the runs service needs the worker, which needs the handlers. */
	private final ObjectProvider<RunService> runs;

	private final RunInputs inputs;

	private final ObjectProvider<ReplayStarts> replays;

	/** The case compared, and the texts the judge is shown. */
	record Comparison(EvaluationCases.CaseResult result, String input) {
	}

	Comparison compare(EvaluationCase item, String newRunId, String failure) {
		RunView original = (item.runId() != null) ? this.runs.getObject().view(item.runId()) : null;
		String originalOutcome = (original != null) ? outcome(original)
				: (item.expected() != null) ? item.expected() : "(no original: judge the new outcome on its own)";
		String input = text((item.input() != null) ? item.input()
				: this.inputs.of(item.runId()).map(RunInputs.RunInput::input).orElse(Map.of()));
		if (newRunId == null) {
			return new Comparison(result(item, original, null, null, originalOutcome, null,
					EvaluationCases.CaseResult.FAILED, "The case's run could not start: " + failure), input);
		}
		RunView fresh = this.runs.getObject().view(newRunId);
		LiveFrom live = (item.runId() != null && this.replays.getIfAvailable() != null)
				? this.replays.getObject().liveFrom(newRunId).orElse(null) : null;
		String error = (fresh.status() == RunView.Status.COMPLETED) ? null : failure(fresh);
		return new Comparison(result(item, original, fresh, live, originalOutcome, outcome(fresh),
				(error == null) ? EvaluationCases.CaseResult.COMPARED : EvaluationCases.CaseResult.FAILED, error),
				input);
	}

	private static EvaluationCases.CaseResult result(EvaluationCase item, RunView original, RunView fresh,
			LiveFrom live, String originalOutcome, String newOutcome, String status, String error) {
		return new EvaluationCases.CaseResult(item.number(), item.runId(), item.datasetCase(),
				(fresh != null) ? fresh.id() : null, status, live, null, null,
				(newOutcome != null) ? OutcomeDiff.of(originalOutcome, newOutcome) : null, originalOutcome, newOutcome,
				tokens(original), tokens(fresh), (original != null) ? original.usage().cost() : null,
				(fresh != null) ? fresh.usage().cost() : null, millis(original), millis(fresh), error, null);
	}

	private static String failure(RunView run) {
		if (!run.incidents().isEmpty()) {
			return "The new run stopped at an incident at '" + run.incidents().get(0).activityId() + "': "
					+ run.incidents().get(0).message();
		}
		return "The new run ended " + run.status() + ((run.endMessage() != null) ? ": " + run.endMessage() : ".");
	}

	private static String outcome(RunView run) {
		Object result = run.output().get("result");
		return (result instanceof String text) ? text : text(run.output());
	}

	private static String text(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (JsonProcessingException ex) {
			return String.valueOf(value);
		}
	}

	private static Long tokens(RunView run) {
		if (run == null) {
			return null;
		}
		Usage usage = run.usage();
		return usage.promptTokens() + usage.completionTokens();
	}

	private static Long millis(RunView run) {
		return (run != null && run.endedAt() != null) ? Duration.between(run.startedAt(), run.endedAt()).toMillis()
				: null;
	}

}
