package io.bpmnagents.quota;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which runs' agent tasks waited for a quota request's decision
 * ({@code quota_request_wait}): one request serves every run that meets the same spent
 * quota, so each waiting task is noted once, and a run's transcript shows the decision
 * where its call was held.
 */
@Component
public class QuotaRequestWaits {

	private final JdbcClient jdbc;

	private final Clock clock;

	QuotaRequestWaits(JdbcClient jdbc, ObjectProvider<Clock> clock) {
		this.jdbc = jdbc;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * A run's call held by a spent quota from {@code waitedFrom}, with the request it
	 * waited for and that request's decision ({@value QuotaRequests#PENDING} until an
	 * administrator decides); {@code request.runId()} is the run whose call asked first.
	 */
	public record Wait(QuotaRequests.Request request, String quotaKey, String callKey, String processInstanceId,
			String activityId, String agent, Instant waitedFrom) {
	}

	/**
	 * Notes that the asker's task waits for the request (or met its refusal); once per
	 * task, however often it looks again.
	 */
	void waited(String requestId, QuotaRequests.Asker asker) {
		if (asker.runId() == null || asker.callKey() == null) {
			return;
		}
		try {
			this.jdbc.sql("""
					INSERT INTO quota_request_wait (request_id, run_id, call_key, activity_id, process_instance_id,
					  agent, waited_from)
					SELECT :request, :run, :call, :activity, :pi, :agent, :at WHERE NOT EXISTS (SELECT 1
					  FROM quota_request_wait WHERE request_id = :request AND run_id = :run AND call_key = :call)
					""")
				.param("request", requestId)
				.param("run", asker.runId())
				.param("call", asker.callKey())
				.param("activity", asker.activityId())
				.param("pi", asker.processInstanceId())
				.param("agent", asker.agent())
				.param("at", Timestamp.from(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// Noted meanwhile by the same task on another node: once is enough.
		}
	}

	/** The run's held calls, in the order they were held. */
	public List<Wait> ofRun(String runId) {
		return ofRuns(List.of(runId)).getOrDefault(runId, List.of());
	}

	/**
	 * The held calls of each of these runs (by run id; a run without any is left out), in
	 * the order they were held: one query for all.
	 */
	public Map<String, List<Wait>> ofRuns(Collection<String> runIds) {
		Map<String, List<Wait>> held = new LinkedHashMap<>();
		if (runIds.isEmpty()) {
			return held;
		}
		this.jdbc.sql("""
				SELECT r.*, w.run_id AS waiting_run, w.call_key, w.process_instance_id AS waiting_instance,
				  w.activity_id AS waiting_activity, w.agent AS waiting_agent, w.waited_from
				FROM quota_request_wait w JOIN quota_request r ON r.id = w.request_id
				WHERE w.run_id IN (:runs) ORDER BY w.waited_from, w.request_id, w.call_key
				""")
			.param("runs", new ArrayList<>(runIds))
			.query((rs, n) -> Map.entry(rs.getString("waiting_run"),
					new Wait(QuotaRequests.request(rs), rs.getString("quota_key"), rs.getString("call_key"),
							rs.getString("waiting_instance"), rs.getString("waiting_activity"),
							rs.getString("waiting_agent"), rs.getTimestamp("waited_from").toInstant())))
			.list()
			.forEach((wait) -> held.computeIfAbsent(wait.getKey(), (run) -> new ArrayList<>()).add(wait.getValue()));
		return held;
	}

}
