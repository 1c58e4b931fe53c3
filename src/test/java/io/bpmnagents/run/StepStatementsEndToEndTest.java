package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.StatementCounts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent step costs the database a small, fixed number of statements on the worker's
 * thread: the run's budget is one plain read, its messages one read when none waits, and
 * no engine query (whose dynamic SQL costs more CPU than the read) is made besides the
 * engine's own completion, which takes no turns and looks up no incidents it cannot have.
 * The same context as {@link RunViewStatementsEndToEndTest}.
 */
@Import(StatementCounts.class)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:view-statements;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=viewStatements", "bpmn-agents.security.login-cache-for=1h" })
class StepStatementsEndToEndTest extends EndToEndApiTest {

	@Autowired
	StatementCounts statements;

	@Test
	void aThreeStepPipelineTakesAFewStatementsPerStepOnTheWorkersThreads() {
		this.statements.ofWorker();
		this.api.runToCompletion("sequential-pipeline",
				Map.of("task", "Count me", "agents", List.of("researcher", "writer", "reviewer")));
		List<String> calls = this.statements.ofWorker()
			.stream()
			.filter((sql) -> sql.startsWith("agent-call-"))
			.map((sql) -> sql.replaceAll("\\s+", " "))
			.toList();
		System.out.println("STATEMENTS of 3 agent steps on the worker's call threads = " + calls.size());
		calls.forEach((sql) -> System.out.println("   " + sql));

		// The app's own, per step: the transcript's row made and answered, the earlier
		// calls of the task and the agent's memory read; the run's messages and budget.
		assertThat(calls).filteredOn((sql) -> sql.contains("INSERT INTO agent_call")).hasSize(3);
		assertThat(calls).filteredOn((sql) -> sql.contains("UPDATE agent_call")).hasSize(3);
		assertThat(calls).filteredOn((sql) -> sql.contains("FROM agent_call")).hasSize(6);
		assertThat(calls).filteredOn((sql) -> sql.contains("agent_message")).hasSize(3);
		assertThat(calls).filteredOn((sql) -> sql.contains("ACT_RU_VARIABLE WHERE EXECUTION_ID_")).hasSize(3);
		assertThat(calls).noneMatch((sql) -> sql.contains("select distinct RES.* from ( select RES.*, ( case"));
		// One row lock per step: the task's, taken by the statement that records its
		// answer (one round trip, not a locking read and an update). A pipeline's steps
		// never collect at the same moment, so they take no turns under the instance's
		// row lock and number no completion order for replays.
		assertThat(calls).filteredOn((sql) -> sql.contains("FOR UPDATE"))
			.hasSize(3)
			.allMatch((sql) -> sql.contains("UPDATE agent_call SET model"));
		assertThat(calls).noneMatch((sql) -> sql.contains("completed_seq"));
		// The engine's, for the variables a step writes (result, pipeline_results, the
		// multi-instance's counters and element) and the next task handed over with its
		// variables; an ending task looks up no incidents (only the run's timer job, at
		// its end).
		assertThat(calls).filteredOn((sql) -> sql.contains("select * from ACT_HI_VARINST where ID_")).hasSize(12);
		// The collected list and the run's agents are JSON short enough to stay in their
		// variables' rows (InlineJsonSerializer): no byte array is read, written or
		// deleted for them, in the runtime tables nor in history.
		assertThat(calls).noneMatch((sql) -> sql.contains("from ACT_GE_BYTEARRAY where ID_"));
		assertThat(calls).noneMatch((sql) -> sql.contains("insert into ACT_GE_BYTEARRAY"));
		assertThat(calls).filteredOn((sql) -> sql.contains("SELECT RES.*, ( case when RES.TASK_ID_")).hasSize(6);
		assertThat(calls).filteredOn((sql) -> sql.contains("from ACT_RU_INCIDENT I where I.CONFIGURATION_")).hasSize(1);
		assertThat(calls).hasSizeLessThanOrEqualTo(109);
	}

}
