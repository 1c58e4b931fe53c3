package io.bpmnagents.run;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.budget.UsageCalculator;
import io.bpmnagents.security.AccessGroups;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Per agent, what the runs of one process (all its versions) asked of it: calls, failed
 * attempts, tokens, cost and latency percentiles. A person whose groups may read the
 * process's history sees all its runs; anybody else the runs they started themselves, so
 * the figures never reveal runs the person may not see. A process the person may not read
 * (Camunda's {@code READ} on its definition) is answered as unknown, like one that is not
 * deployed.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentFigures {

	private final JdbcClient jdbc;

	private final RepositoryService repository;

	private final AuthorizationService authorizations;

	private final IdentityService identity;

	private final RunAccess access;

	private final UsageCalculator usage;

	ProcessFigures of(String process) {
		// Asked as the person: a process they may not read is answered like one that does
		// not exist, so the answer does not tell which processes are deployed.
		boolean readable = this.repository.createProcessDefinitionQuery().processDefinitionKey(process).count() > 0;
		if (!readable) {
			throw new UnknownProcessException(process);
		}
		String user = ownRunsOnly(process);
		String runs = "FROM agent_call C JOIN ACT_HI_PROCINST P ON P.ID_ = C.run_id WHERE P.PROC_DEF_KEY_ = :process"
				+ ((user != null) ? " AND P.START_USER_ID_ = :user" : "");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("process", process);
		if (user != null) {
			params.put("user", user);
		}
		long runCount = this.jdbc.sql("SELECT COUNT(DISTINCT C.run_id) " + runs)
			.params(params)
			.query(Long.class)
			.single();
		Map<String, BigDecimal> costs = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT C.agent, C.model, COALESCE(SUM(C.prompt_tokens), 0) AS pt,"
					+ " COALESCE(SUM(C.completion_tokens), 0) AS ct " + runs + " GROUP BY C.agent, C.model")
			.params(params)
			.query((rs, n) -> costs.merge(rs.getString("agent"),
					this.usage.cost(rs.getString("model"), rs.getLong("pt"), rs.getLong("ct")), BigDecimal::add))
			.list();
		List<AgentFigure> agents = this.jdbc.sql("""
				SELECT C.agent, COUNT(*) AS calls,
				  SUM(CASE WHEN C.error IS NOT NULL THEN 1 ELSE 0 END) AS failed,
				  COALESCE(SUM(C.prompt_tokens), 0) AS pt, COALESCE(SUM(C.completion_tokens), 0) AS ct,
				  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY C.latency_ms) AS p50,
				  PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY C.latency_ms) AS p90,
				  PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY C.latency_ms) AS p99,
				  MAX(C.latency_ms) AS max_latency
				""" + runs + " GROUP BY C.agent ORDER BY C.agent")
			.params(params)
			.query((rs, n) -> new AgentFigure(rs.getString("agent"), rs.getLong("calls"), rs.getLong("failed"),
					rs.getLong("pt"), rs.getLong("ct"), costs.getOrDefault(rs.getString("agent"), BigDecimal.ZERO),
					millis(rs.getObject("p50")), millis(rs.getObject("p90")), millis(rs.getObject("p99")),
					millis(rs.getObject("max_latency"))))
			.list();
		return new ProcessFigures(process, runCount, user == null, agents);
	}

	/** The person, if they may see only their own runs of the process; else none. */
	private String ownRunsOnly(String process) {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return null;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		boolean all = this.access.asApp(() -> this.authorizations.isUserAuthorized(person.getUserId(), groups,
				ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, process));
		return all ? null : person.getUserId();
	}

	private static Long millis(Object value) {
		return (value instanceof Number number) ? Math.round(number.doubleValue()) : null;
	}

	/**
	 * The agents' figures over the runs of a process; {@code allRuns} false: yours only.
	 */
	record ProcessFigures(String process, long runs, boolean allRuns, List<AgentFigure> agents) {
	}

	/**
	 * One agent's calls (failed attempts included), tokens, cost and latency (ms)
	 * percentiles.
	 */
	record AgentFigure(String agent, long calls, long failed, long promptTokens, long completionTokens, BigDecimal cost,
			Long latencyP50, Long latencyP90, Long latencyP99, Long latencyMax) {
	}

	/**
	 * No version of the process is deployed, or none the person may read; answered 404.
	 */
	static class UnknownProcessException extends RuntimeException {

		UnknownProcessException(String process) {
			super("No process '" + process + "' is deployed.");
		}

	}

}
