package io.bpmnagents.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import io.bpmnagents.transcript.TranscriptStore;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.HistoricProcessInstanceEntity;
import org.camunda.bpm.engine.impl.variable.serializer.ValueFieldsImpl;
import org.camunda.bpm.engine.variable.value.TypedValue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Everything a run's view shows, read in one SQL statement over Camunda's tables and the
 * transcript: the run's history row, its variables, the variables its called processes
 * hold while they run, its open incidents and tasks for people, whether it ended on a
 * failure end event, and its token counts. The engine's query API would take a statement
 * for each (and more for each object value), and building MyBatis's dynamic SQL was most
 * of a view's CPU. Each part is a kind of row ({@code ROW_KIND}) of one
 * {@code UNION ALL}, its values in shared columns; the first two branches give every
 * column a type, as PostgreSQL resolves a union's types pair by pair from the left. The
 * union is wrapped in a plain {@code SELECT}: H2 keeps a parsed statement for the next
 * execution only for that, and parsed this union anew each time, most of the read's CPU.
 * For the same reason there is no {@code LIKE} in it: H2 (2.3) parses and plans a
 * statement with a {@code LIKE} again at every execution, which took 45% of a view
 * request's CPU; the failure end events are found by their id's first characters. Values
 * are decoded by the engine's own serializers, serialized (no class a variable names is
 * instantiated), as the engine's reads with {@code disableCustomObjectDeserialization()}
 * would.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunViewQuery {

	/** The run's history row, with its version. */
	private static final String RUN_COLUMNS = """
			SELECT 'r' AS ROW_KIND, P.ID_ AS ROW_ID, P.ROOT_PROC_INST_ID_ AS ROW_INSTANCE, P.PROC_DEF_ID_ AS ROW_SCOPE,
			  P.PROC_DEF_KEY_ AS ROW_NAME, P.STATE_ AS ROW_TYPE, P.DELETE_REASON_ AS ROW_TEXT,
			  P.BUSINESS_KEY_ AS ROW_TEXT2, P.START_USER_ID_ AS ROW_TEXT3, D.VERSION_ AS ROW_LONG, NULL AS ROW_LONG2,
			  NULL AS ROW_LONG3, NULL AS ROW_DOUBLE, P.START_TIME_ AS ROW_TIME, P.END_TIME_ AS ROW_TIME2,
			  NULL AS ROW_BYTES
			""";

	private static final String RUN_FROM = """
			FROM ACT_HI_PROCINST P LEFT JOIN ACT_RE_PROCDEF D ON D.ID_ = P.PROC_DEF_ID_
			WHERE P.ID_ = :run
			""";

	private static final String RUN = RUN_COLUMNS + RUN_FROM;

	/**
	 * The run's history row, and whether a spent quota held calls of it, which most runs'
	 * were not, so that they are read only when they were.
	 */
	private static final String TRANSCRIBED = RUN_COLUMNS + """
			  , CASE WHEN EXISTS (SELECT 1 FROM quota_request_wait W WHERE W.run_id = :run) THEN 1 ELSE 0 END
			    AS QUOTA_HOLDS
			""" + RUN_FROM;

	private static final String PARTS = "SELECT * FROM (" + RUN + """
			UNION ALL
			SELECT 'v', V.ID_, V.PROC_INST_ID_, V.ACT_INST_ID_, V.NAME_, V.VAR_TYPE_, V.TEXT_, V.TEXT2_,
			  CAST(NULL AS VARCHAR(255)), V.LONG_, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), V.DOUBLE_,
			  CAST(NULL AS TIMESTAMP), CAST(NULL AS TIMESTAMP), B.BYTES_
			FROM ACT_HI_VARINST V LEFT JOIN ACT_GE_BYTEARRAY B ON B.ID_ = V.BYTEARRAY_ID_
			WHERE V.ROOT_PROC_INST_ID_ = :run AND (V.STATE_ IS NULL OR V.STATE_ <> 'DELETED')
			  AND (V.PROC_INST_ID_ = :run OR V.NAME_ IN (:ends))
			UNION ALL
			SELECT 'h', R.ID_, R.PROC_INST_ID_, R.EXECUTION_ID_, R.NAME_, R.TYPE_, R.TEXT_, R.TEXT2_, NULL, R.LONG_,
			  NULL, NULL, R.DOUBLE_, NULL, NULL, B.BYTES_
			FROM ACT_RU_EXECUTION E JOIN ACT_RU_VARIABLE R ON R.EXECUTION_ID_ = E.ID_ AND R.TASK_ID_ IS NULL
			  LEFT JOIN ACT_GE_BYTEARRAY B ON B.ID_ = R.BYTEARRAY_ID_
			WHERE E.ROOT_PROC_INST_ID_ = :run AND E.ID_ = E.PROC_INST_ID_ AND E.ID_ <> :run
			UNION ALL
			SELECT 'i', I.ID_, I.PROC_INST_ID_, I.ACTIVITY_ID_, I.INCIDENT_TYPE_, NULL, I.INCIDENT_MSG_, NULL, NULL,
			  NULL, NULL, NULL, NULL, I.INCIDENT_TIMESTAMP_, NULL, NULL
			FROM ACT_RU_EXECUTION E JOIN ACT_RU_INCIDENT I ON I.PROC_INST_ID_ = E.ID_
			WHERE E.ROOT_PROC_INST_ID_ = :run AND E.ID_ = E.PROC_INST_ID_ AND I.ID_ = I.ROOT_CAUSE_INCIDENT_ID_
			UNION ALL
			SELECT 't', T.ID_, T.PROC_INST_ID_, T.TASK_DEF_KEY_, T.NAME_, NULL, T.ASSIGNEE_, NULL, NULL, NULL, NULL,
			  NULL, NULL, T.CREATE_TIME_, NULL, NULL
			FROM ACT_RU_EXECUTION E JOIN ACT_RU_TASK T ON T.PROC_INST_ID_ = E.ID_
			WHERE E.ROOT_PROC_INST_ID_ = :run AND E.ID_ = E.PROC_INST_ID_
			UNION ALL
			SELECT 'f', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL
			FROM ACT_HI_ACTINST A
			WHERE A.ROOT_PROC_INST_ID_ = :run AND A.END_TIME_ IS NOT NULL
			  AND SUBSTRING(A.ACT_ID_, 1, :failedLength) = :failed
			UNION ALL
			SELECT 'u', NULL, NULL, NULL, C.model, NULL, NULL, NULL, NULL, COUNT(*), COALESCE(SUM(C.prompt_tokens), 0),
			  COALESCE(SUM(C.completion_tokens), 0), NULL, NULL, NULL, NULL
			FROM agent_call C WHERE C.run_id = :run AND C.source IS NULL GROUP BY C.model
			) U ORDER BY ROW_KIND, ROW_TIME, ROW_ID
			""";

	private final JdbcClient jdbc;

	private final ProcessEngineConfigurationImpl engine;

	/** The run's parts; {@link Parts#run()} is {@code null} when there is no such run. */
	Parts read(String id) {
		// In a command: the engine's serializers decode stored text in its charset, which
		// they look up in the command context.
		return this.engine.getCommandExecutorTxRequired().execute((context) -> {
			Parts parts = new Parts();
			this.jdbc.sql(PARTS)
				.param("run", id)
				.param("ends", List.of(RunParts.END_CODE, RunParts.END_MESSAGE, RunParts.ENDED_BY))
				.param("failedLength", RunParts.FAILED_END_PREFIX.length())
				.param("failed", RunParts.FAILED_END_PREFIX)
				.query((rs) -> {
					add(parts, rs);
				});
			return parts;
		});
	}

	/**
	 * The run's history row alone, {@code null} when there is no such process instance.
	 */
	HistoricProcessInstance run(String id) {
		return this.jdbc.sql(RUN).param("run", id).query((rs, n) -> run(rs)).optional().orElse(null);
	}

	/**
	 * The run's history row (none when there is no such process instance) and whether a
	 * spent quota held calls of it.
	 */
	Transcribed transcribed(String id) {
		return this.jdbc.sql(TRANSCRIBED)
			.param("run", id)
			.query((rs, n) -> new Transcribed(run(rs), rs.getInt("QUOTA_HOLDS") == 1))
			.optional()
			.orElse(new Transcribed(null, false));
	}

	/** A run as its transcript needs it. */
	record Transcribed(HistoricProcessInstance run, boolean quotaHolds) {
	}

	private void add(Parts parts, ResultSet rs) throws SQLException {
		switch (rs.getString("ROW_KIND")) {
			case "v" -> parts.variables.add(variable(rs));
			case "h" -> parts.held.add(variable(rs));
			case "r" -> parts.run = run(rs);
			case "i" -> parts.incidents.add(new RunView.IncidentView(rs.getString("ROW_ID"), rs.getString("ROW_SCOPE"),
					rs.getString("ROW_NAME"), rs.getString("ROW_TEXT"), RunParts.instant(rs.getTimestamp("ROW_TIME"))));
			case "t" -> parts.userTasks.add(new RunView.UserTaskView(rs.getString("ROW_ID"), rs.getString("ROW_SCOPE"),
					rs.getString("ROW_NAME"), rs.getString("ROW_TEXT"), RunParts.instant(rs.getTimestamp("ROW_TIME"))));
			case "f" -> parts.endedOnErrorPath = rs.getLong("ROW_LONG") > 0;
			case "u" -> parts.tokenCounts.add(new TranscriptStore.TokenCount(rs.getString("ROW_NAME"),
					rs.getLong("ROW_LONG"), rs.getLong("ROW_LONG2"), rs.getLong("ROW_LONG3")));
			default -> throw new IllegalStateException("Unknown row kind " + rs.getString("ROW_KIND"));
		}
	}

	private Variable variable(ResultSet rs) throws SQLException {
		// The stored columns, as the engine's serializers read them.
		ValueFieldsImpl stored = new ValueFieldsImpl();
		stored.setTextValue(rs.getString("ROW_TEXT"));
		stored.setTextValue2(rs.getString("ROW_TEXT2"));
		stored.setLongValue((Long) rs.getObject("ROW_LONG", Long.class));
		stored.setDoubleValue((Double) rs.getObject("ROW_DOUBLE", Double.class));
		stored.setByteArrayValue(rs.getBytes("ROW_BYTES"));
		TypedValue value = this.engine.getVariableSerializers()
			.getSerializerByName(rs.getString("ROW_TYPE"))
			.readValue(stored, false, false);
		return new Variable(rs.getString("ROW_NAME"), rs.getString("ROW_INSTANCE"), rs.getString("ROW_SCOPE"), value);
	}

	private static HistoricProcessInstance run(ResultSet rs) throws SQLException {
		HistoricProcessInstanceEntity run = new HistoricProcessInstanceEntity();
		run.setId(rs.getString("ROW_ID"));
		run.setProcessInstanceId(rs.getString("ROW_ID"));
		run.setRootProcessInstanceId(rs.getString("ROW_INSTANCE"));
		run.setProcessDefinitionId(rs.getString("ROW_SCOPE"));
		run.setProcessDefinitionKey(rs.getString("ROW_NAME"));
		run.setState(rs.getString("ROW_TYPE"));
		run.setDeleteReason(rs.getString("ROW_TEXT"));
		run.setBusinessKey(rs.getString("ROW_TEXT2"));
		run.setStartUserId(rs.getString("ROW_TEXT3"));
		long version = rs.getLong("ROW_LONG");
		run.setProcessDefinitionVersion(rs.wasNull() ? null : (int) version);
		run.setStartTime(date(rs.getTimestamp("ROW_TIME")));
		run.setEndTime(date(rs.getTimestamp("ROW_TIME2")));
		return run;
	}

	private static Date date(Timestamp timestamp) {
		return (timestamp != null) ? new Date(timestamp.getTime()) : null;
	}

	/**
	 * A run's parts as read: its variables (those of its own process instance and how its
	 * called processes ended, by id), those its running called processes hold, open
	 * incidents that arose where they are (by time), open user tasks (by creation time).
	 */
	static final class Parts {

		private HistoricProcessInstance run;

		private final List<Variable> variables = new ArrayList<>();

		private final List<Variable> held = new ArrayList<>();

		private final List<RunView.IncidentView> incidents = new ArrayList<>();

		private final List<RunView.UserTaskView> userTasks = new ArrayList<>();

		private final List<TranscriptStore.TokenCount> tokenCounts = new ArrayList<>();

		private boolean endedOnErrorPath;

		HistoricProcessInstance run() {
			return this.run;
		}

		List<Variable> variables() {
			return this.variables;
		}

		List<Variable> held() {
			return this.held;
		}

		List<RunView.IncidentView> incidents() {
			return this.incidents;
		}

		List<RunView.UserTaskView> userTasks() {
			return this.userTasks;
		}

		List<TranscriptStore.TokenCount> tokenCounts() {
			return this.tokenCounts;
		}

		boolean endedOnErrorPath() {
			return this.endedOnErrorPath;
		}

	}

	/**
	 * A variable: its process instance, the activity instance whose scope holds it (the
	 * process instance itself for a process variable) and its value, serialized.
	 */
	record Variable(String name, String processInstanceId, String scope, TypedValue value) {
	}

}
