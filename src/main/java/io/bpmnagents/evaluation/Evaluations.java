package io.bpmnagents.evaluation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.QuotaHolds;
import io.bpmnagents.run.RunOperations;
import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Service;

/**
 * Starts evaluations as runs of the shipped {@value #PROCESS} process and tells what
 * became of them, from the run and its cases' rows.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class Evaluations {

	/** The key of the shipped process an evaluation runs. */
	static final String PROCESS = "evaluation";

	private final EvaluationPlans plans;

	private final RunService runs;

	private final RunOperations operations;

	private final EvaluationCases cases;

	private final QuotaHolds quotaHolds;

	private final EvaluationProperties properties;

	private final ObjectMapper json;

	/** Starts the evaluation the request asks for, as the current person. */
	String start(EvaluationRequest request) {
		return start(request, null);
	}

	/**
	 * As {@link #start(EvaluationRequest)}, for an evaluation that gates its target:
	 * activated at the end when at most {@code gateThreshold} cases came out worse and
	 * none failed ({@code null}: it gates nothing).
	 */
	String start(EvaluationRequest request, Integer gateThreshold) {
		EvaluationPlans.Plan plan = this.plans.plan(request);
		Map<String, Object> input = new LinkedHashMap<>();
		if (gateThreshold != null) {
			input.put(CaseVariables.GATE_THRESHOLD, gateThreshold);
		}
		input.put(CaseVariables.CASES,
				plan.cases().stream().map((item) -> this.json.convertValue(item, Map.class)).toList());
		input.put(CaseVariables.LANES, lanes(plan.cases().size(), this.properties.parallel()));
		input.put(CaseVariables.TARGET, plan.target().getId());
		input.put(CaseVariables.JUDGE_AGENT, plan.judge());
		input.put(CaseVariables.CRITERIA, plan.criteria());
		input.put(CaseVariables.AGENTS, this.json.convertValue(plan.agents(), Map.class));
		input.put(CaseVariables.CASE_COUNT, plan.cases().size());
		return EvaluationStarts.checked(() -> this.runs.start(PROCESS, input)).id();
	}

	/**
	 * The case numbers dealt into at most {@code parallel} lanes, round the table: lane
	 * {@code i} takes cases {@code i}, {@code i + lanes}, and so on.
	 */
	static List<Map<String, Object>> lanes(int cases, int parallel) {
		int count = Math.min(cases, parallel);
		List<Map<String, Object>> lanes = new ArrayList<>();
		for (int lane = 0; lane < count; lane++) {
			List<Integer> numbers = new ArrayList<>();
			for (int number = lane; number < cases; number += count) {
				numbers.add(number);
			}
			lanes.add(new LinkedHashMap<>(Map.of("cases", numbers)));
		}
		return lanes;
	}

	/**
	 * The evaluation, if the person may see its run and it is an evaluation.
	 * @throws EvaluationException.NotFound otherwise
	 */
	EvaluationView view(String id) {
		RunView run;
		try {
			run = this.operations.view(id);
		}
		catch (RunOperations.Refused ex) {
			throw new EvaluationException.NotFound("No evaluation with id '" + id + "'.");
		}
		if (!PROCESS.equals(run.process())) {
			throw new EvaluationException.NotFound(
					"No evaluation with id '" + id + "': run '" + id + "' is a run of '" + run.process() + "'.");
		}
		List<EvaluationCases.CaseResult> results = withQuotaHolds(this.cases.of(id));
		return new EvaluationView(id, run.status(), String.valueOf(run.output().get(CaseVariables.TARGET)),
				count(run.output().get(CaseVariables.CASE_COUNT)), run.startedAt(), run.endedAt(), run.endMessage(),
				summary(results), totals(results), run.usage(), results);
	}

	/** The cases with their runs' held calls: one query for all the cases. */
	private List<EvaluationCases.CaseResult> withQuotaHolds(List<EvaluationCases.CaseResult> results) {
		Set<String> runs = new HashSet<>();
		results.forEach(
				(result) -> Stream.of(result.runId(), result.newRunId()).filter(Objects::nonNull).forEach(runs::add));
		List<TranscriptEntry> held = this.quotaHolds.of(runs);
		return results.stream().map((result) -> result.withQuotaHolds(held)).toList();
	}

	/**
	 * One page of the evaluations the person may see, newest first, each with its counts
	 * and totals (one query of its cases each: a page holds at most 100).
	 */
	List<EvaluationView> find(Integer page, Integer size) {
		try {
			return this.operations.find(PROCESS, null, page, size).runs().stream().map((run) -> {
				List<EvaluationCases.CaseResult> results = this.cases.of(run.id());
				return new EvaluationView(run.id(), run.status(), null, 0, run.startedAt(), run.endedAt(), null,
						summary(results), totals(results), run.usage(), null);
			}).toList();
		}
		catch (RunOperations.Refused ex) {
			throw new InvalidInputException(ex.field(), ex.getMessage());
		}
	}

	private static int count(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	static EvaluationView.Summary summary(List<EvaluationCases.CaseResult> results) {
		int better = 0;
		int same = 0;
		int worse = 0;
		int failed = 0;
		for (EvaluationCases.CaseResult result : results) {
			if (EvaluationCases.CaseResult.FAILED.equals(result.status())) {
				failed++;
			}
			else if ("better".equals(result.verdict())) {
				better++;
			}
			else if ("same".equals(result.verdict())) {
				same++;
			}
			else if ("worse".equals(result.verdict())) {
				worse++;
			}
		}
		return new EvaluationView.Summary(better, same, worse, failed);
	}

	/**
	 * Cost, tokens and time of the originals and the new runs, over the cases that have
	 * both.
	 */
	static EvaluationView.Totals totals(List<EvaluationCases.CaseResult> results) {
		List<EvaluationCases.CaseResult> both = results.stream()
			.filter((result) -> result.newRunId() != null && result.originalMs() != null && result.newMs() != null)
			.toList();
		return new EvaluationView.Totals(both.size(),
				sum(both.stream().map(EvaluationCases.CaseResult::originalCost).toList()),
				sum(both.stream().map(EvaluationCases.CaseResult::newCost).toList()),
				both.stream()
					.map(EvaluationCases.CaseResult::originalTokens)
					.filter(Objects::nonNull)
					.mapToLong(Long::longValue)
					.sum(),
				both.stream()
					.map(EvaluationCases.CaseResult::newTokens)
					.filter(Objects::nonNull)
					.mapToLong(Long::longValue)
					.sum(),
				both.stream().mapToLong(EvaluationCases.CaseResult::originalMs).sum(),
				both.stream().mapToLong(EvaluationCases.CaseResult::newMs).sum());
	}

	private static BigDecimal sum(List<BigDecimal> values) {
		return values.stream().filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
	}

}
