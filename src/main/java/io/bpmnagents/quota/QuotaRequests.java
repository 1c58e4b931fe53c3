package io.bpmnagents.quota;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A spent quota with {@code on-exhausted: ask}: an administrator is asked in Tasklist to
 * allow more (the {@value #PROCESS_KEY} process), and the asking agent task waits for the
 * decision. One request is open per quota and window at a time, whoever meets the spent
 * quota meanwhile waits for that one; after an allowance is spent too, the next call asks
 * again; after a refusal, the quota answers with the BPMN error {@code QUOTA_EXHAUSTED}
 * until its window turns. Every request and its decision stay in {@code quota_request}:
 * who allowed how much, or refused, and when.
 */
@Service
public class QuotaRequests {

	private static final Logger log = LoggerFactory.getLogger(QuotaRequests.class);

	/** The process that asks an administrator (processes/quota-request.bpmn). */
	public static final String PROCESS_KEY = "quota-request";

	/** The request's id, a variable of the request process. */
	public static final String REQUEST_VARIABLE = "quotaRequest";

	/**
	 * The limits the quota has ({@code calls}, {@code tokens}, {@code cost}, comma
	 * separated), a variable of the request process: more is only allowed of these.
	 */
	public static final String LIMITS_VARIABLE = "quotaLimits";

	public static final String ALLOW = "allow";

	public static final String REFUSE = "refuse";

	/** The decision of a request not decided yet. */
	public static final String PENDING = "pending";

	private final JdbcClient jdbc;

	private final ObjectProvider<RuntimeService> runtime;

	private final TransactionTemplate transaction;

	private final QuotaRequestProperties properties;

	private final Clock clock;

	private final QuotaRequestWaits waits;

	QuotaRequests(JdbcClient jdbc, ObjectProvider<RuntimeService> runtime, TransactionTemplate transaction,
			QuotaRequestProperties properties, ObjectProvider<Clock> clock, QuotaRequestWaits waits) {
		this.jdbc = jdbc;
		this.waits = waits;
		this.runtime = runtime;
		this.transaction = transaction;
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * Who met the spent quota; {@code callKey} names the waiting call within the run (its
	 * external task).
	 */
	public record Asker(String runId, String processInstanceId, String activityId, String callKey, String agent) {
	}

	/**
	 * What the asking task does: wait (and look again at {@code until}), or, when an
	 * administrator refused more in this window, end on the BPMN error.
	 */
	public record Answer(boolean refused, String message, Instant until) {
	}

	/**
	 * A request and its decision, as {@code GET /api/quotas} shows it to administrators.
	 */
	public record Request(String id, String runId, String agent, String activityId, Instant askedAt, String decision,
			String decidedBy, Instant decidedAt, Quotas.Amounts allowed, String reason) {
	}

	/**
	 * Asks for more, unless a request of this window is open (then waits for it) or was
	 * refused.
	 */
	public Answer ask(QuotaExhaustedException spent, Asker asker) {
		String key = spent.quota().key();
		Optional<Request> last = latest(key, spent.windowStart());
		if (last.isPresent() && REFUSE.equals(last.get().decision())) {
			Request refusal = last.get();
			this.waits.waited(refusal.id(), asker);
			return new Answer(true,
					spent.getMessage() + " An administrator (" + refusal.decidedBy() + ") refused more for this "
							+ "window at " + refusal.decidedAt()
							+ ((refusal.reason() != null && !refusal.reason().isBlank())
									? ": " + refusal.reason().strip() : "."),
					null);
		}
		String request = last.filter((open) -> PENDING.equals(open.decision()))
			.map(Request::id)
			.orElseGet(() -> open(spent, asker));
		this.waits.waited(request, asker);
		Instant next = this.clock.instant().plus(this.properties.checkEvery());
		return new Answer(false,
				"Waiting for an administrator to allow more of quota " + key + " (request " + request
						+ ", Tasklist: 'Allow more of the quota'). " + spent.getMessage(),
				next.isBefore(spent.windowEnd()) ? next : spent.windowEnd());
	}

	/**
	 * Opens a request and starts its process, in one transaction; when another call
	 * opened one meanwhile, that one is waited for.
	 * @return the open request's id
	 */
	private String open(QuotaExhaustedException spent, Asker asker) {
		String id = UUID.randomUUID().toString();
		String key = spent.quota().key();
		try {
			this.transaction.executeWithoutResult((status) -> {
				this.jdbc.sql("""
						INSERT INTO quota_request (id, quota_key, window_start, open_key, run_id, process_instance_id,
						  activity_id, agent, asked_at)
						VALUES (:id, :key, :window, :open, :run, :pi, :activity, :agent, :at)
						""")
					.param("id", id)
					.param("key", key)
					.param("window", Timestamp.from(spent.windowStart()))
					.param("open", key + "@" + spent.windowStart())
					.param("run", asker.runId())
					.param("pi", asker.processInstanceId())
					.param("activity", asker.activityId())
					.param("agent", asker.agent())
					.param("at", Timestamp.from(this.clock.instant()))
					.update();
				this.runtime.getObject().startProcessInstanceByKey(PROCESS_KEY, id, variables(id, spent, asker));
			});
			log.info("Quota {} is spent: asked an administrator to allow more (request {}, run {}, agent {})", key, id,
					asker.runId(), asker.agent());
			return id;
		}
		catch (DuplicateKeyException ex) {
			return latest(key, spent.windowStart()).map(Request::id).orElse(id);
		}
	}

	private static Map<String, Object> variables(String id, QuotaExhaustedException spent, Asker asker) {
		QuotaProperties.Quota quota = spent.quota();
		StringJoiner limits = new StringJoiner(",");
		if (quota.maxCalls() != null) {
			limits.add("calls");
		}
		if (quota.maxTokens() != null) {
			limits.add("tokens");
		}
		if (quota.maxCost() != null) {
			limits.add("cost");
		}
		return Map.of(REQUEST_VARIABLE, id, "quota", quota.key(), LIMITS_VARIABLE, limits.toString(), "quotaMessage",
				spent.getMessage(), "runId", String.valueOf(asker.runId()), "agent", String.valueOf(asker.agent()),
				"windowEnd", spent.windowEnd().toString(), "task", quota.key() + " (" + asker.agent() + ")");
	}

	/**
	 * Records an administrator's decision and, for an allowance, adds it to the quota's
	 * limits for the request's window; in the caller's transaction (the completion of the
	 * request's task). A request that is unknown or already decided changes nothing.
	 * @return whether the decision was recorded
	 */
	public boolean decide(String id, String decidedBy, boolean allow, QuotaLedger.Use more, String reason) {
		QuotaLedger.Use added = allow ? more : QuotaLedger.Use.NONE;
		Instant now = this.clock.instant();
		int decided = this.jdbc.sql("""
				UPDATE quota_request SET decision = :decision, decided_by = :by, decided_at = :at, open_key = NULL,
				  extra_calls = :calls, extra_tokens = :tokens, extra_cost = :cost, reason = :reason
				WHERE id = :id AND decision IS NULL
				""")
			.param("decision", allow ? ALLOW : REFUSE)
			.param("by", decidedBy)
			.param("at", Timestamp.from(now))
			.param("calls", added.calls())
			.param("tokens", added.tokens())
			.param("cost", added.cost())
			.param("reason", reason)
			.param("id", id)
			.update();
		if (decided == 0) {
			log.warn("Quota request {} is unknown or already decided: the decision by {} changes nothing", id,
					decidedBy);
			return false;
		}
		if (allow) {
			this.jdbc
				.sql("""
						UPDATE quota_counter SET extra_calls = extra_calls + :calls, extra_tokens = extra_tokens + :tokens,
						  extra_cost = extra_cost + :cost, raised_by = :by, raised_at = :at
						WHERE (quota_key, window_start) IN (SELECT quota_key, window_start FROM quota_request WHERE id = :id)
						""")
				.param("calls", added.calls())
				.param("tokens", added.tokens())
				.param("cost", added.cost())
				.param("by", decidedBy)
				.param("at", Timestamp.from(now))
				.param("id", id)
				.update();
		}
		return true;
	}

	/** The requests of a quota's window, oldest first. */
	public List<Request> of(String key, Instant window) {
		return this.jdbc
			.sql("SELECT * FROM quota_request WHERE quota_key = :key AND window_start = :window "
					+ "ORDER BY asked_at, id")
			.param("key", key)
			.param("window", Timestamp.from(window))
			.query((rs, n) -> request(rs))
			.list();
	}

	/** The request in a row of {@code quota_request}. */
	static Request request(ResultSet rs) throws SQLException {
		return new Request(rs.getString("id"), rs.getString("run_id"), rs.getString("agent"),
				rs.getString("activity_id"), rs.getTimestamp("asked_at").toInstant(),
				(rs.getString("decision") != null) ? rs.getString("decision") : PENDING, rs.getString("decided_by"),
				(rs.getTimestamp("decided_at") != null) ? rs.getTimestamp("decided_at").toInstant() : null,
				new Quotas.Amounts(rs.getLong("extra_calls"), rs.getLong("extra_tokens"),
						rs.getBigDecimal("extra_cost").stripTrailingZeros()),
				rs.getString("reason"));
	}

	private Optional<Request> latest(String key, Instant window) {
		List<Request> requests = of(key, window);
		return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
	}

}
