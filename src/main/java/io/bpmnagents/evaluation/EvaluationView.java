package io.bpmnagents.evaluation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.bpmnagents.run.RunView;
import io.bpmnagents.transcript.Usage;

/**
 * An evaluation as {@code GET /api/evaluations/{id}} shows it.
 *
 * @param id the evaluation's run id
 * @param status its run's status
 * @param target the process version the cases ran against
 * @param caseCount how many cases it has; {@code cases} holds those compared so far
 * @param endMessage why it ended early, if it did
 * @param totals cost, tokens and time of the originals against the new runs
 * @param usage what the evaluation itself cost (the judge's calls)
 */
record EvaluationView(String id, RunView.Status status, String target, int caseCount, Instant startedAt,
		Instant endedAt, String endMessage, Summary summary, Totals totals, Usage usage,
		List<EvaluationCases.CaseResult> cases) {

	/** How many cases came out better, the same, worse, or failed (not judged). */
	record Summary(int better, int same, int worse, int failed) {
	}

	/**
	 * Sums over the {@code cases} that have an original and a new run that ended.
	 */
	record Totals(int cases, BigDecimal originalCost, BigDecimal newCost, long originalTokens, long newTokens,
			long originalMs, long newMs) {
	}

}
