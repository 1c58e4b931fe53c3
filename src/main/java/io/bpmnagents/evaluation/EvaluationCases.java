package io.bpmnagents.evaluation;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.replay.LiveFrom;
import io.bpmnagents.transcript.TranscriptEntry;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The cases of evaluations, one row each in {@code evaluation_case}: written when a
 * case's run has started ({@link CaseResult#RUNNING}), again when its outcomes are
 * compared, completed with the judge's verdict; {@link CaseResult#STOPPED} when the
 * evaluation ended while the case's run was still running.
 */
@Repository
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class EvaluationCases {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	/**
	 * A case whose run has started: the row that lets the evaluation's end find the run
	 * ({@link #stopRunning}). Written again when a retried start repeats it.
	 */
	void started(String evaluationId, EvaluationCase item, String newRunId) {
		compared(evaluationId,
				new CaseResult(item.number(), item.runId(), item.datasetCase(), newRunId, CaseResult.RUNNING, null,
						null, null, null, null, null, null, null, null, null, null, null, null, null));
	}

	/**
	 * The runs of the evaluation's cases that were running, marked
	 * {@link CaseResult#STOPPED} with the reason: the evaluation has ended, and they are
	 * stopped with it.
	 */
	List<String> stopRunning(String evaluationId, String reason) {
		List<String> running = this.jdbc
			.sql("SELECT new_run_id FROM evaluation_case WHERE evaluation_id = :evaluation AND status = :running")
			.param("evaluation", evaluationId)
			.param("running", CaseResult.RUNNING)
			.query(String.class)
			.list();
		this.jdbc.sql("""
				UPDATE evaluation_case SET status = :stopped, error = :reason
				WHERE evaluation_id = :evaluation AND status = :running
				""")
			.param("stopped", CaseResult.STOPPED)
			.param("reason", reason)
			.param("evaluation", evaluationId)
			.param("running", CaseResult.RUNNING)
			.update();
		return running;
	}

	/**
	 * A case as compared: its status is {@link CaseResult#COMPARED} until judged, or
	 * {@link CaseResult#FAILED} with the error. Written again when a retried comparison
	 * repeats it.
	 */
	void compared(String evaluationId, CaseResult result) {
		this.jdbc.sql("DELETE FROM evaluation_case WHERE evaluation_id = :evaluation AND case_index = :number")
			.param("evaluation", evaluationId)
			.param("number", result.number())
			.update();
		this.jdbc.sql("""
				INSERT INTO evaluation_case (evaluation_id, case_index, run_id, dataset_case, new_run_id, status,
				  live_from, diff, original_outcome, new_outcome, original_tokens, new_tokens, original_cost, new_cost,
				  original_ms, new_ms, error, recorded_at)
				VALUES (:evaluation, :number, :run, :dataset, :newRun, :status, :liveFrom, :diff, :original, :new,
				  :originalTokens, :newTokens, :originalCost, :newCost, :originalMs, :newMs, :error, :at)
				""")
			.param("evaluation", evaluationId)
			.param("number", result.number())
			.param("run", result.runId())
			.param("dataset", result.datasetCase())
			.param("newRun", result.newRunId())
			.param("status", result.status())
			.param("liveFrom", write(result.liveFrom()))
			.param("diff", result.diff())
			.param("original", result.originalOutcome())
			.param("new", result.newOutcome())
			.param("originalTokens", result.originalTokens())
			.param("newTokens", result.newTokens())
			.param("originalCost", result.originalCost())
			.param("newCost", result.newCost())
			.param("originalMs", result.originalMs())
			.param("newMs", result.newMs())
			.param("error", result.error())
			.param("at", Timestamp.from(Instant.now()))
			.update();
	}

	/** The judge's verdict and reason, or the case failed because the judge gave none. */
	void judged(String evaluationId, int number, String verdict, String reason, String error) {
		this.jdbc.sql("""
				UPDATE evaluation_case SET verdict = :verdict, reason = :reason, error = :error, status = :status
				WHERE evaluation_id = :evaluation AND case_index = :number
				""")
			.param("verdict", verdict)
			.param("reason", reason)
			.param("error", error)
			.param("status", (error != null) ? CaseResult.FAILED : CaseResult.JUDGED)
			.param("evaluation", evaluationId)
			.param("number", number)
			.update();
	}

	List<CaseResult> of(String evaluationId) {
		return this.jdbc.sql("SELECT * FROM evaluation_case WHERE evaluation_id = :evaluation ORDER BY case_index")
			.param("evaluation", evaluationId)
			.query(this::read)
			.list();
	}

	private CaseResult read(ResultSet rs, int row) throws SQLException {
		return new CaseResult(rs.getInt("case_index"), rs.getString("run_id"), rs.getString("dataset_case"),
				rs.getString("new_run_id"), rs.getString("status"), readLiveFrom(rs.getString("live_from")),
				rs.getString("verdict"), rs.getString("reason"), rs.getString("diff"), rs.getString("original_outcome"),
				rs.getString("new_outcome"), (Long) rs.getObject("original_tokens", Long.class),
				(Long) rs.getObject("new_tokens", Long.class), rs.getBigDecimal("original_cost"),
				rs.getBigDecimal("new_cost"), (Long) rs.getObject("original_ms", Long.class),
				(Long) rs.getObject("new_ms", Long.class), rs.getString("error"), null);
	}

	private String write(LiveFrom liveFrom) {
		try {
			return (liveFrom != null) ? this.json.writeValueAsString(liveFrom) : null;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Where a replay went live cannot be written as JSON", ex);
		}
	}

	private LiveFrom readLiveFrom(String text) {
		try {
			return (text != null) ? this.json.readValue(text, LiveFrom.class) : null;
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A recorded live-from step is not JSON", ex);
		}
	}

	/**
	 * One case of an evaluation as {@code GET /api/evaluations/{id}} shows it.
	 *
	 * @param status {@value #RUNNING} (its run has started), {@value #COMPARED} (waiting
	 * for the judge), {@value #JUDGED}, {@value #FAILED}, or {@value #STOPPED} (the
	 * evaluation ended while the case's run ran, and stopped it)
	 * @param liveFrom where the new run went live, {@code null} if it never did
	 * @param verdict better, same or worse, once judged
	 * @param originalMs how long the original run took, end to end
	 * @param quotaHolds the calls of the original and the new run that a spent quota
	 * held, as their transcripts list them (each names its run): why a run waited, and
	 * who let it go on; read when the evaluation is shown, not kept with the case
	 */
	record CaseResult(int number, String runId, String datasetCase, String newRunId, String status, LiveFrom liveFrom,
			String verdict, String reason, String diff, String originalOutcome, String newOutcome, Long originalTokens,
			Long newTokens, BigDecimal originalCost, BigDecimal newCost, Long originalMs, Long newMs, String error,
			List<TranscriptEntry> quotaHolds) {

		static final String RUNNING = "running";

		static final String COMPARED = "compared";

		static final String JUDGED = "judged";

		static final String FAILED = "failed";

		static final String STOPPED = "stopped";

		/** The case with its runs' held calls, taken from {@code held} (all cases'). */
		CaseResult withQuotaHolds(List<TranscriptEntry> held) {
			return new CaseResult(this.number, this.runId, this.datasetCase, this.newRunId, this.status, this.liveFrom,
					this.verdict, this.reason, this.diff, this.originalOutcome, this.newOutcome, this.originalTokens,
					this.newTokens, this.originalCost, this.newCost, this.originalMs, this.newMs, this.error,
					held.stream()
						.filter((entry) -> entry.runId().equals(this.runId) || entry.runId().equals(this.newRunId))
						.toList());
		}

	}

}
