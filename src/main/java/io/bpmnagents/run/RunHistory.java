package io.bpmnagents.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bpmnagents.budget.UsageCalculator;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.transcript.Usage;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricIncident;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.variable.value.SerializableValue;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The history of runs, running or finished, which Camunda 7 CE's Cockpit does not show:
 * finding runs, the path a run took, its variables at the end, its incidents, and the
 * agents' figures per process. A person finds only the runs they may see
 * ({@link RunAccess}): those they started and those of processes whose history their
 * groups may read.
 */
@Service
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class RunHistory {

	/**
	 * The status of a root process instance, as {@link RunParts#ending} derives it: a
	 * deleted run is STOPPED; one that ended early carries the error code in
	 * {@code endCode} (its own first, else one of a process it called). No {@code LIKE}
	 * for the failure end events: H2 parses and plans a statement with one anew at every
	 * execution ({@link RunViewQuery}).
	 */
	private static final String STATUS = """
			CASE WHEN P.END_TIME_ IS NULL THEN 'RUNNING'
			  WHEN P.STATE_ = 'EXTERNALLY_TERMINATED' THEN 'STOPPED'
			  WHEN P.STATE_ NOT IN ('COMPLETED', 'INTERNALLY_TERMINATED') THEN 'FAILED'
			  ELSE CASE COALESCE(
			      (SELECT MIN(V.TEXT_) FROM ACT_HI_VARINST V WHERE V.PROC_INST_ID_ = P.ID_
			        AND V.NAME_ = 'endCode' AND V.TEXT_ IS NOT NULL),
			      (SELECT MIN(V.TEXT_) FROM ACT_HI_VARINST V WHERE V.ROOT_PROC_INST_ID_ = P.ID_
			        AND V.NAME_ = 'endCode' AND V.TEXT_ IS NOT NULL), '')
			    WHEN 'DEADLINE_PASSED' THEN 'TIMED_OUT'
			    WHEN 'RUN_CANCELLED' THEN 'STOPPED'
			    WHEN '' THEN CASE WHEN EXISTS (SELECT 1 FROM ACT_HI_ACTINST A
			        WHERE A.ROOT_PROC_INST_ID_ = P.ID_ AND A.END_TIME_ IS NOT NULL
			        AND SUBSTRING(A.ACT_ID_, 1, %d) = '%s') THEN 'FAILED' ELSE 'COMPLETED' END
			    ELSE 'FAILED' END
			END""".formatted(RunParts.FAILED_END_PREFIX.length(), RunParts.FAILED_END_PREFIX);

	private final JdbcClient jdbc;

	private final HistoryService history;

	private final RepositoryService repository;

	private final RuntimeService runtime;

	private final AuthorizationService authorizations;

	private final IdentityService identity;

	private final RunAccess access;

	private final RunService runs;

	private final UsageCalculator usage;

	/** One page of the runs the person may see, newest first. */
	RunPage find(RunSearch search) {
		Map<String, Object> params = new LinkedHashMap<>();
		// Runs only: a called process is part of its run, the app's own processes are
		// none.
		StringBuilder where = new StringBuilder(
				" WHERE P.ID_ = P.ROOT_PROC_INST_ID_ AND P.PROC_DEF_KEY_ NOT IN (:appProcesses)");
		params.put("appProcesses", RunAccess.APP_PROCESSES);
		visibleOnly(where, params);
		if (search.process() != null) {
			where.append(" AND P.PROC_DEF_KEY_ = :process");
			params.put("process", search.process());
		}
		if (search.startedFrom() != null) {
			where.append(" AND P.START_TIME_ >= :from");
			params.put("from", Timestamp.from(search.startedFrom()));
		}
		if (search.startedTo() != null) {
			where.append(" AND P.START_TIME_ < :to");
			params.put("to", Timestamp.from(search.startedTo()));
		}
		if (search.text() != null) {
			where
				.append(" AND (P.ID_ = :text OR P.BUSINESS_KEY_ = :text OR EXISTS (SELECT 1 FROM agent_call C WHERE C.run_id = P.ID_"
						+ " AND (LOWER(C.prompt) LIKE :pattern ESCAPE '\\' OR LOWER(C.response) LIKE :pattern ESCAPE '\\')))");
			params.put("text", search.text());
			params.put("pattern", search.textPattern());
		}
		// A run's status is worked out from its history (end codes, failed ends) only
		// where
		// it is needed: a list that is not filtered by a finished run's status counts and
		// pages the runs by their own columns and works the status out for its page
		// alone,
		// so a poll of what is running does not cost three looks into history per
		// finished
		// run. RUNNING is exactly the runs without an end.
		RunView.Status status = search.status();
		boolean derived = status != null && status != RunView.Status.RUNNING;
		if (status != null) {
			where.append(
					(status == RunView.Status.RUNNING) ? " AND P.END_TIME_ IS NULL" : " AND P.END_TIME_ IS NOT NULL");
		}
		String columns = "SELECT P.ID_ AS id, P.BUSINESS_KEY_ AS business_key, P.PROC_DEF_KEY_ AS process,"
				+ " D.VERSION_ AS version, P.START_TIME_ AS started, P.END_TIME_ AS ended,"
				+ " P.START_USER_ID_ AS started_by, " + STATUS + " AS status";
		String count;
		String pageQuery;
		if (derived) {
			String filtered = "SELECT * FROM (" + columns + " FROM ACT_HI_PROCINST P LEFT JOIN ACT_RE_PROCDEF D"
					+ " ON D.ID_ = P.PROC_DEF_ID_" + where + ") R WHERE R.status = :status";
			params.put("status", status.name());
			count = "SELECT COUNT(*) FROM (" + filtered + ") T";
			pageQuery = filtered + " ORDER BY R.started DESC, R.id OFFSET :first ROWS FETCH NEXT :size ROWS ONLY";
		}
		else {
			count = "SELECT COUNT(*) FROM ACT_HI_PROCINST P" + where;
			pageQuery = columns + " FROM (SELECT P.* FROM ACT_HI_PROCINST P" + where
					+ " ORDER BY P.START_TIME_ DESC, P.ID_ OFFSET :first ROWS FETCH NEXT :size ROWS ONLY) P"
					+ " LEFT JOIN ACT_RE_PROCDEF D ON D.ID_ = P.PROC_DEF_ID_ ORDER BY started DESC, id";
		}
		long total = this.jdbc.sql(count).params(params).query(Long.class).single();
		List<RunSummary> page = this.jdbc.sql(pageQuery)
			.params(params)
			.param("first", (long) search.page() * search.size())
			.param("size", search.size())
			.query(this::summary)
			.list();
		// The page's usage in one statement, not one per run.
		Map<String, Usage> usages = this.usage.ofRuns(page.stream().map(RunSummary::id).toList());
		return new RunPage(page.stream().map((run) -> run.with(usages.get(run.id()))).toList(), search.page(),
				search.size(), total);
	}

	/**
	 * Narrows a search to the runs the person may see; the app's own work, and
	 * administrators, see all.
	 */
	private void visibleOnly(StringBuilder where, Map<String, Object> params) {
		Authentication person = this.identity.getCurrentAuthentication();
		if (person == null || person.getUserId() == null || AccessGroups.isAdministrator(person.getGroupIds())) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		List<String> readable = this.access.asApp(() -> this.repository.createProcessDefinitionQuery()
			.latestVersion()
			.list()
			.stream()
			.map(ProcessDefinition::getKey)
			.distinct()
			.filter((key) -> this.authorizations.isUserAuthorized(person.getUserId(), groups,
					ProcessDefinitionPermissions.READ_HISTORY, Resources.PROCESS_DEFINITION, key))
			.toList());
		where.append(" AND (P.START_USER_ID_ = :user");
		params.put("user", person.getUserId());
		if (!readable.isEmpty()) {
			where.append(" OR P.PROC_DEF_KEY_ IN (:readable)");
			params.put("readable", readable);
		}
		// Runs a person may open for another reason (an approval offered to them) are in
		// their list too, as Tasklist shows them the approval.
		Set<String> granted = this.access.runsGrantedByRules(person.getUserId(), groups);
		if (!granted.isEmpty()) {
			where.append(" OR P.ID_ IN (:granted)");
			params.put("granted", granted);
		}
		where.append(")");
	}

	private RunSummary summary(ResultSet rs, int row) throws SQLException {
		return new RunSummary(rs.getString("id"), rs.getString("business_key"), rs.getString("process"),
				rs.getInt("version"), RunView.Status.valueOf(rs.getString("status")),
				instant(rs.getTimestamp("started")), instant(rs.getTimestamp("ended")), rs.getString("started_by"),
				null);
	}

	/**
	 * Everything history holds of a run the person may see: its view, the activities it
	 * passed (with how often, for loops), its variables at the end and every incident it
	 * had, open or resolved.
	 */
	RunRecord record(String id) {
		return this.access.read(id, (run) -> {
			// The run read once, for the access check, the view and the record.
			RunView view = this.runs.view(run);
			List<HistoricProcessInstance> instances = this.history.createHistoricProcessInstanceQuery()
				.rootProcessInstanceId(id)
				.orderByProcessInstanceStartTime()
				.asc()
				.list();
			List<ActivityVisit> path = new ArrayList<>();
			List<IncidentRecord> incidents = new ArrayList<>();
			for (HistoricProcessInstance instance : instances) {
				path.addAll(visits(instance));
				incidents.addAll(incidents(instance));
			}
			path.sort(Comparator.comparing(ActivityVisit::firstStartedAt,
					Comparator.nullsLast(Comparator.naturalOrder())));
			incidents.sort(Comparator.comparing(IncidentRecord::createdAt));
			return new RunRecord(view, run.getProcessDefinitionId(), run.getStartUserId(), path, variables(id),
					incidents);
		});
	}

	/** The BPMN XML of the process version the run runs, for its path on the diagram. */
	String diagram(String id) {
		return this.access.read(id, (run) -> {
			try (java.io.InputStream xml = this.repository.getProcessModel(run.getProcessDefinitionId())) {
				return new String(xml.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
	}

	private List<ActivityVisit> visits(HistoricProcessInstance instance) {
		Map<String, ActivityVisit> visits = new LinkedHashMap<>();
		for (HistoricActivityInstance activity : this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.orderByHistoricActivityInstanceStartTime()
			.asc()
			.orderPartiallyByOccurrence()
			.asc()
			.list()) {
			visits.merge(activity.getActivityId(),
					new ActivityVisit(instance.getProcessDefinitionKey(), instance.getId(), activity.getActivityId(),
							activity.getActivityName(), activity.getActivityType(), 1,
							(activity.getEndTime() == null) ? 1 : 0, instant(activity.getStartTime())),
					ActivityVisit::plus);
		}
		return new ArrayList<>(visits.values());
	}

	/**
	 * The incidents history holds (every one, open or resolved, at history level full)
	 * and those open now, which history level audit does not record.
	 */
	private List<IncidentRecord> incidents(HistoricProcessInstance instance) {
		Map<String, IncidentRecord> incidents = new LinkedHashMap<>();
		for (HistoricIncident incident : this.history.createHistoricIncidentQuery()
			.processInstanceId(instance.getId())
			.list()) {
			incidents.put(incident.getId(),
					new IncidentRecord(incident.getId(), instance.getProcessDefinitionKey(), incident.getActivityId(),
							incident.getIncidentType(), incident.getIncidentMessage(),
							instant(incident.getCreateTime()), instant(incident.getEndTime()), state(incident)));
		}
		// An ended process has no open incidents to read.
		List<Incident> open = (instance.getEndTime() != null) ? List.of()
				: this.runtime.createIncidentQuery().processInstanceId(instance.getId()).list();
		for (Incident incident : open) {
			incidents.putIfAbsent(incident.getId(),
					new IncidentRecord(incident.getId(), instance.getProcessDefinitionKey(), incident.getActivityId(),
							incident.getIncidentType(), incident.getIncidentMessage(),
							instant(incident.getIncidentTimestamp()), null, "open"));
		}
		return new ArrayList<>(incidents.values());
	}

	private static String state(HistoricIncident incident) {
		if (incident.isOpen()) {
			return "open";
		}
		return incident.isResolved() ? "resolved" : "deleted";
	}

	/**
	 * The run's own variables as they were last written. Objects are shown as stored
	 * (JSON) without being turned back into Java classes.
	 */
	private List<VariableRecord> variables(String id) {
		List<VariableRecord> variables = new ArrayList<>();
		for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(id)
			.disableCustomObjectDeserialization()
			.orderByVariableName()
			.asc()
			.list()) {
			if (!id.equals(variable.getActivityInstanceId())) {
				continue;
			}
			TypedValue typed = variable.getTypedValue();
			Object value = (typed instanceof SerializableValue serializable) ? serializable.getValueSerialized()
					: variable.getValue();
			variables
				.add(new VariableRecord(variable.getName(), variable.getTypeName(), value, variable.getErrorMessage()));
		}
		return variables;
	}

	static Instant instant(java.util.Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** A run in a list of runs. */
	public record RunSummary(String id, String businessKey, String process, int processVersion, RunView.Status status,
			Instant startedAt, Instant endedAt, String startedBy, Usage usage) {

		RunSummary with(Usage usage) {
			return new RunSummary(this.id, this.businessKey, this.process, this.processVersion, this.status,
					this.startedAt, this.endedAt, this.startedBy, usage);
		}

	}

	/** One page of runs and how many there are in all. */
	public record RunPage(List<RunSummary> runs, int page, int size, long total) {
	}

	/** A run with what history holds of it. */
	record RunRecord(RunView run, String processDefinitionId, String startedBy, List<ActivityVisit> path,
			List<VariableRecord> variables, List<IncidentRecord> incidents) {
	}

	/**
	 * An activity the run passed, in the process (the run's own or one it called) where
	 * it lies: how often it started, how many of those still run.
	 */
	record ActivityVisit(String process, String processInstanceId, String activityId, String name, String type,
			int count, int active, Instant firstStartedAt) {

		ActivityVisit plus(ActivityVisit other) {
			return new ActivityVisit(this.process, this.processInstanceId, this.activityId, this.name, this.type,
					this.count + other.count, this.active + other.active, this.firstStartedAt);
		}

	}

	/** A variable of the run as last written. */
	record VariableRecord(String name, String type, Object value, String error) {
	}

	/** An incident the run had, and whether it is still open. */
	record IncidentRecord(String id, String process, String activityId, String type, String message, Instant createdAt,
			Instant endedAt, String state) {
	}

}
