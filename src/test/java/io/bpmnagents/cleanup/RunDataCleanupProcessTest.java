package io.bpmnagents.cleanup;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.replay.RunInputs;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.support.ToolModels;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's history cleanup job also removes the app's rows of runs whose history is
 * gone, and only of those. Its own database, since the job cleans up every run in it;
 * time moves by the engine's clock and the job runs on the test thread.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:cleanup-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=cleanupTests" })
class RunDataCleanupProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	HistoryService history;

	@Autowired
	ManagementService management;

	@Autowired
	TaskService tasks;

	@Autowired
	RunInputs inputs;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void deployAndScriptTheAgent() {
		this.repository.createDeployment()
			.addString("noted-review.bpmn",
					ToolModels.askWithToolsThenReview("noted-review", "workspace_write, send_message"))
			.deploy();
		this.model.scriptMessage("researcher",
				(call) -> call.toolResults().isEmpty() ? AiMessage.from(List.of(
						ToolExecutionRequest.builder()
							.id("c1")
							.name("workspace_write")
							.arguments("{\"key\":\"notes\",\"text\":\"The tides follow the moon\"}")
							.build(),
						ToolExecutionRequest.builder()
							.id("c2")
							.name("send_message")
							.arguments("{\"to\":\"writer\",\"message\":\"The tides follow the moon\"}")
							.build()))
						: AiMessage.from("Noted"));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void aFinishedRunWhoseHistoryWasDeletedLosesItsTranscriptToolCallsMessagesWorkspaceAndInput() {
		RunView run = finishedRun();
		assertThat(rowsOf(run)).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
		this.history.deleteHistoricProcessInstance(run.id());

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofHours(2)));

		assertThat(rowsOf(run)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
	}

	@Test
	void aRunningRunAndAFinishedRunWhoseHistoryIsKeptKeepEverything() {
		RunView running = waitingRun();
		RunView finished = finishedRun();
		Map<String, Integer> runningRows = rowsOf(running);
		Map<String, Integer> finishedRows = rowsOf(finished);

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofHours(2)));

		assertThat(rowsOf(running)).isEqualTo(runningRows).allSatisfy((table, rows) -> assertThat(rows).isPositive());
		assertThat(rowsOf(finished)).isEqualTo(finishedRows).allSatisfy((table, rows) -> assertThat(rows).isPositive());
	}

	@Test
	void whenTheHistoryTimeToLivePassesTheEnginesCleanupRemovesTheRunsRowsInTheSameJob() {
		RunView finished = finishedRun();
		RunView running = waitingRun();
		Map<String, Integer> runningRows = rowsOf(running);

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofDays(2)));

		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(finished.id()).count()).isZero();
		assertThat(rowsOf(finished)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
		assertThat(rowsOf(running)).isEqualTo(runningRows);
	}

	@Test
	void rowsOfARunWhoseHistoryWentMomentsAgoStayUntilTheyAreOlderThanTheMinimumAge() {
		RunView run = finishedRun();
		Map<String, Integer> rows = rowsOf(run);
		this.history.deleteHistoricProcessInstance(run.id());

		runTheHistoryCleanupAt(Instant.now());
		assertThat(rowsOf(run)).isEqualTo(rows);

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofMinutes(61)));
		assertThat(rowsOf(run)).allSatisfy((table, left) -> assertThat(left).as(table).isZero());
	}

	@Test
	void theOriginalOfARunningReplayKeepsItsTranscriptUntilTheReplayHasEnded() {
		RunView original = finishedRun();
		RunView replay = waitingRun();
		this.inputs.markReplay(replay.id(), original.id());
		Map<String, Integer> originalRows = rowsOf(original);
		this.history.deleteHistoricProcessInstance(original.id());

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofHours(2)));
		assertThat(rowsOf(original)).isEqualTo(originalRows);

		review(replay);
		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofHours(2)));
		assertThat(rowsOf(original)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
		assertThat(rowsOf(replay)).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
	}

	@Test
	void anEvaluationsCasesGoWithItsRunWhileOtherEvaluationsAndDatasetsStay() {
		RunView gone = finishedRun();
		RunView kept = finishedRun();
		casesOf(gone);
		casesOf(kept);
		this.jdbc.sql("INSERT INTO dataset (name, created_by, created_at, updated_at) VALUES ('kept', 'ana', :at, :at)")
			.param("at", Timestamp.from(Instant.now()))
			.update();
		this.history.deleteHistoricProcessInstance(gone.id());

		runTheHistoryCleanupAt(Instant.now().plus(Duration.ofHours(2)));

		assertThat(countOf("evaluation_case WHERE evaluation_id = '" + gone.id() + "'")).isZero();
		assertThat(countOf("evaluation_case WHERE evaluation_id = '" + kept.id() + "'")).isEqualTo(2);
		assertThat(countOf("dataset WHERE name = 'kept'")).isOne();
	}

	@Test
	void aDirectQuestionAndItsCallGoOnceOlderThanTheirTimeToLiveAndYoungerOnesStay() {
		Instant now = Instant.now();
		asked("ask-old", now.minus(Duration.ofDays(31)));
		asked("ask-new", now.minus(Duration.ofDays(29)));

		runTheHistoryCleanupAt(now);

		assertThat(countOf("agent_ask WHERE run_id = 'ask-old'")).isZero();
		assertThat(countOf("agent_call WHERE run_id = 'ask-old'")).isZero();
		assertThat(countOf("agent_ask WHERE run_id = 'ask-new'")).isOne();
		assertThat(countOf("agent_call WHERE run_id = 'ask-new'")).isOne();
	}

	/** Two cases of an evaluation whose run is this one, as its steps write them. */
	private void casesOf(RunView evaluation) {
		for (int number = 0; number < 2; number++) {
			this.jdbc.sql("""
					INSERT INTO evaluation_case (evaluation_id, case_index, new_run_id, status, recorded_at)
					VALUES (:evaluation, :number, 'new-run', 'judged', :at)
					""")
				.param("evaluation", evaluation.id())
				.param("number", number)
				.param("at", Timestamp.from(Instant.now()))
				.update();
		}
	}

	/** A direct question to an agent at that time, as package ask records it. */
	private void asked(String id, Instant at) {
		this.jdbc.sql("INSERT INTO agent_ask (run_id, agent, asked_by, asked_at) VALUES (:id, 'writer', 'ana', :at)")
			.param("id", id)
			.param("at", Timestamp.from(at))
			.update();
		this.jdbc.sql("""
				INSERT INTO agent_call (id, run_id, process_instance_id, activity_id, agent, prompt, context_messages,
				  started_at, attempt, worker)
				VALUES (:call, :id, :id, 'ask', 'writer', 'Why?', '[]', :at, 1, 'test')
				""")
			.param("call", UUID.randomUUID().toString())
			.param("id", id)
			.param("at", Timestamp.from(at))
			.update();
	}

	private int countOf(String tableAndCondition) {
		return this.jdbc.sql("SELECT COUNT(*) FROM " + tableAndCondition).query(Integer.class).single();
	}

	@Test
	void atHistoryLevelNoneNoRunCanBeToldGoneSoNothingIsRemoved() {
		assertThat(RunDataCleanupJobHandler.keepsRunHistory(HistoryLevel.HISTORY_LEVEL_NONE)).isFalse();
		assertThat(RunDataCleanupJobHandler.keepsRunHistory(HistoryLevel.HISTORY_LEVEL_ACTIVITY)).isTrue();
		assertThat(RunDataCleanupJobHandler.keepsRunHistory(HistoryLevel.HISTORY_LEVEL_AUDIT)).isTrue();
		assertThat(RunDataCleanupJobHandler.keepsRunHistory(HistoryLevel.HISTORY_LEVEL_FULL)).isTrue();
	}

	/**
	 * A run with a budget whose agent made a model call, tool calls, a workspace note and
	 * a message, and waits.
	 */
	private RunView waitingRun() {
		RunView run = this.runs.start("noted-review",
				Map.of("task", "Note what moves the tides", "budget", Map.of("maxCalls", 10)));
		this.driver.runUntilQuiet();
		assertThat(this.tasks.createTaskQuery().processInstanceId(run.id()).count()).isOne();
		return run;
	}

	private RunView finishedRun() {
		RunView run = waitingRun();
		review(run);
		return run;
	}

	private void review(RunView run) {
		this.tasks.complete(this.tasks.createTaskQuery().processInstanceId(run.id()).singleResult().getId());
		assertThat(this.history.createHistoricProcessInstanceQuery().processInstanceId(run.id()).finished().count())
			.isOne();
	}

	/** Starts the engine's history cleanup by hand at that time, and runs its job. */
	private void runTheHistoryCleanupAt(Instant at) {
		ClockUtil.setCurrentTime(Date.from(at));
		Job job = this.history.cleanUpHistoryAsync(true);
		this.management.executeJob(job.getId());
	}

	/** The run's rows in each of the app's tables. */
	private Map<String, Integer> rowsOf(RunView run) {
		Map<String, Integer> rows = new LinkedHashMap<>();
		for (String table : new String[] { "agent_call", "tool_call", "agent_message", "run_workspace", "run_input" }) {
			rows.put(table,
					this.jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE run_id = :run")
						.param("run", run.id())
						.query(Integer.class)
						.single());
		}
		rows.put("quota_counter",
				this.jdbc.sql("SELECT COUNT(*) FROM quota_counter WHERE quota_key = :key")
					.param("key", "run:" + run.id())
					.query(Integer.class)
					.single());
		return rows;
	}

}
