package io.bpmnagents.run;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.message.MessageStore;
import io.bpmnagents.message.MessageType;
import io.bpmnagents.simulator.Simulator;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ApiClient.EndedRun;
import io.bpmnagents.support.People;
import io.bpmnagents.transcript.CallKeyNotes;
import io.bpmnagents.transcript.TranscriptStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production database: a real PostgreSQL server (binaries from Maven, no Docker)
 * behind the {@code postgres} profile, with engine tables, our migrations and a whole
 * run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD,
				"camunda.bpm.process-engine-name=postgresTests", "llm.provider=simulator",
				// The webapps keep static state: only the end-to-end context may start
				// them.
				"camunda.bpm.webapp.enabled=false",
				// The cleanup test's runs are seconds old when their history is removed.
				"bpmn-agents.cleanup.min-age=0s" })
@ActiveProfiles("postgres")
// Closed after this class, while the server still runs: at JVM exit the server's own
// shutdown
// hook would race the context's and leave the engine waiting on a dead pool.
@DirtiesContext
@Import({ ApiClient.class, People.class, PostgresEndToEndTest.ServerLifecycle.class })
class PostgresEndToEndTest {

	private static final EmbeddedPostgres postgres = start();

	@Autowired
	ApiClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Simulator simulator;

	@Autowired
	People people;

	@Autowired
	HistoryService history;

	@Autowired
	DataSource dataSource;

	@Autowired
	MessageStore messages;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	TranscriptStore transcript;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("DATABASE_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("DATABASE_USER", () -> "postgres");
		registry.add("DATABASE_PASSWORD", () -> "postgres");
	}

	/**
	 * Makes the data source depend on the server, so that the server stops only after the
	 * engine and the pool are closed with the test context.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class ServerLifecycle {

		@Bean(destroyMethod = "close")
		EmbeddedPostgres embeddedPostgres() {
			return postgres;
		}

		@Bean
		DataSource dataSource(EmbeddedPostgres server, DataSourceProperties properties) {
			return properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		}

	}

	@Test
	void aPipelineRunsOnPostgresqlWithLongTextsKept() {
		String task = "Review this: " + "x".repeat(20_000);

		EndedRun run = this.api.runToEnd("sequential-pipeline",
				Map.of("task", task, "agents", List.of("writer", "editor")));

		assertThat(run.status()).isEqualTo("COMPLETED");
		assertThat(run.view().path("usage").path("calls").asInt()).isEqualTo(2);
		assertThat(run.calls().get(0).path("prompt").asText()).isEqualTo(task);
		assertThat(this.jdbc.sql("SELECT current_setting('server_version')").query(String.class).single()).isNotBlank();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM act_hi_procinst WHERE id_ = :id")
			.param("id", run.id())
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aParallelRunReplaysOnPostgresqlInTheRecordedOrderWithoutAModel() {
		EndedRun run = this.api.runToEnd("parallel-fanout", Map.of("task", "Review our caching strategy"));
		long requestsBefore = this.simulator.load().requests();

		ResponseEntity<JsonNode> replay = this.api.post("/api/runs/" + run.id() + "/replay", Map.of());

		assertThat(replay.getStatusCode().value()).isEqualTo(201);
		JsonNode replayed = this.api.awaitEnd(replay.getBody().path("id").asText());
		assertThat(replayed.path("incidents")).isEmpty();
		assertThat(replayed.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(replayed.path("output")).isEqualTo(run.output());
		assertThat(replayed.path("usage").path("calls").asInt()).isZero();
		assertThat(this.api.transcript(replayed.path("id").asText())).hasSize(4)
			.allSatisfy((entry) -> assertThat(entry.path("source").asText()).isEqualTo("replay"));
		assertThat(this.simulator.load().requests()).isEqualTo(requestsBefore);
	}

	@Test
	void aConversationAPersonSpokeIntoReplaysOnPostgresqlWithTheMessageReDelivered() {
		String original = ExactReplays.spokenIntoBeforeTheFirstTurn(this.api, this.simulator, "Bring an umbrella");

		String replay = ExactReplays.replayedAsBefore(this.api, this.simulator, original, this.api.run(original));

		assertThat(this.api.transcript(replay).get(0).path("contextMessages").toString()).contains("Bring an umbrella");
	}

	@Test
	void runsAreFoundAndFiguredOnPostgresql() {
		String marker = "heron" + System.nanoTime();
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Write about the " + marker + " (100% of it)", "agents", List.of("writer", "editor")));
		this.api.awaitEnd(id);
		People.Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		JsonNode found = operator.get("/api/runs?status=COMPLETED&size=5&text=" + marker.toUpperCase() + " (100%")
			.getBody();
		JsonNode record = operator.get("/api/runs/" + id + "/history").getBody();
		JsonNode figures = operator.get("/api/processes/sequential-pipeline/agent-figures").getBody();

		assertThat(found.path("runs").findValuesAsText("id")).containsExactly(id);
		assertThat(found.path("total").asLong()).isEqualTo(1);
		assertThat(record.path("path").findValuesAsText("activityId")).contains("Task_Stage");
		assertThat(figures.path("agents").findValuesAsText("agent")).contains("writer", "editor");
		assertThat(figures.path("agents").get(0).path("latencyP90").isNumber()).isTrue();
	}

	@Test
	void whenTheHistoryCleanupRunsOnPostgresqlARunWhoseHistoryWasDeletedLosesItsRowsAndAKeptRunKeepsThem() {
		String gone = this.api.start("sequential-pipeline", Map.of("task", "Forget this", "agents", List.of("writer")));
		String kept = this.api.start("sequential-pipeline", Map.of("task", "Keep this", "agents", List.of("writer")));
		this.api.awaitEnd(gone);
		this.api.awaitEnd(kept);
		long keptRows = rowsOf(kept);
		this.history.deleteHistoricProcessInstance(gone);

		this.history.cleanUpHistoryAsync(true);

		await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf(gone) == 0);
		assertThat(keptRows).isEqualTo(2);
		assertThat(rowsOf(kept)).isEqualTo(keptRows);
	}

	@Test
	void aDatasetIsMadeFromARunAndFromADirectQuestionAndExportedOnPostgresql() {
		String run = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Tides", "agents", List.of("writer")))
			.id();
		String name = "postgres-" + System.nanoTime();

		ResponseEntity<JsonNode> made = this.api.post("/api/datasets",
				Map.of("name", name, "fromRuns", List.of(run), "expectOutputs", true));
		ResponseEntity<JsonNode> asked = this.api.post("/api/agents/writer/ask",
				Map.of("message", "One line on tides", "saveAs", Map.of("dataset", name)));
		String file = this.api.http()
			.get()
			.uri("/api/datasets/" + name)
			.accept(MediaType.APPLICATION_NDJSON)
			.retrieve()
			.body(String.class);

		assertThat(made.getStatusCode().value()).isEqualTo(201);
		assertThat(asked.getStatusCode().value()).isEqualTo(200);
		assertThat(file.lines().toList()).hasSize(2).first().asString().startsWith("{\"id\":\"" + run + "\"");
		assertThat(this.api.get("/api/datasets").getBody().findValuesAsText("name")).contains(name);
		assertThat(this.api.get("/api/agents/writer/asks").getBody().findValuesAsText("id"))
			.contains(asked.getBody().path("id").asText());
	}

	@Test
	void agentsMessageEachOtherOnPostgresqlAndAToolCallRunAgainSendsNothingTwice() {
		this.repository.createDeployment().addString("messaging-pair.bpmn", AgentMessagesEndToEndTest.TEAM).deploy();
		String id = this.api.start("messaging-pair", Map.of("task", "Tell the writer: the tides follow the moon"));
		this.api.awaitEnd(id);

		JsonNode history = this.api.get("/api/runs/" + id + "/messages").getBody();
		assertThat(history).singleElement().satisfies((message) -> {
			assertThat(message.path("type").asText()).isEqualTo("DIRECT");
			assertThat(message.path("to").asText()).isEqualTo("writer");
			assertThat(message.has("deliveredAt")).isTrue();
		});
		String sent = history.get(0).path("content").asText();
		this.messages.send(id, MessageType.DIRECT, "researcher", List.of("editor"), sent, "resent/tool-0");
		this.messages.send(id, MessageType.DIRECT, "researcher", List.of("editor"), sent, "resent/tool-0");
		assertThat(this.messages.forRun(id)).hasSize(2);
	}

	@Test
	void aTasksEarlierCallsAreFoundByIndexOnPostgresqlForItsKeyAndTheKeysUnderIt() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			// The tables are small here: without this the planner reads them whole.
			statement.execute("SET enable_seqscan = off");
			try {
				assertThat(plan(statement, "SELECT response FROM agent_call WHERE external_task_id = 'task-1'"))
					.contains("agent_call_task");
				assertThat(plan(statement, "SELECT response FROM agent_call WHERE external_task_id LIKE 'task-1/%'"))
					.contains("agent_call_task");
			}
			finally {
				statement.execute("RESET enable_seqscan");
			}
		}
	}

	@Test
	void retiringAndNotingMarkTheCallsOfTheQuestionsKeyOnlyOnPostgresql() {
		CallKeyNotes.retireNotesTheAnswersOfTheKeyAndTheKeysUnderItOnly(this.transcript);
		CallKeyNotes.notedGoesOnTheLatestAnsweredStepOfTheKey(this.transcript);
	}

	/**
	 * The answer is recorded in one statement that locks the task's lock row: a takeover
	 * in flight makes it wait, and once the takeover commits it sees the new worker and
	 * records nothing, so the node that took the task over makes the call itself.
	 */
	@Test
	void anAnswerThatWaitedForATakeoverOfItsTaskIsDiscardedWhenTheTakeoverCommits() throws Exception {
		this.repository.createDeployment()
			.addModelInstance("answer-race.bpmn",
					Bpmn.createExecutableProcess("answer-race")
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.serviceTask("Task_Held")
						.camundaExternalTask("held-by-this-test")
						.endEvent()
						.done())
			.deploy();
		String run = this.runtime.startProcessInstanceByKey("answer-race").getId();
		String task = this.externalTasks.fetchAndLock(1, "node-a")
			.topic("held-by-this-test", 60_000)
			.execute()
			.get(0)
			.getId();
		String call = this.transcript.started(new TranscriptStore.CallStart(run, run, "Task_Held", task, "writer",
				"gpt-4o", "Tides", List.of(), Instant.now(), 1, "node-a"));

		try (Connection takeover = this.dataSource.getConnection()) {
			// Another node takes the task over; its update holds the lock row until it
			// commits.
			takeover.setAutoCommit(false);
			try (PreparedStatement update = takeover
				.prepareStatement("UPDATE ACT_RU_EXT_TASK SET WORKER_ID_ = 'node-b' WHERE ID_ = ?")) {
				update.setString(1, task);
				assertThat(update.executeUpdate()).isEqualTo(1);
			}
			CompletableFuture<Boolean> answered = CompletableFuture.supplyAsync(() -> this.transcript.succeeded(call,
					task, "node-a", "gpt-4o", "The moon", Instant.now(), 10, 1, 1));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.jdbc
					.sql("""
							SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ACT_RU_EXT_TASK%'
							""")
					.query(Integer.class)
					.single() == 1);
			takeover.commit();

			assertThat(answered.get(60, TimeUnit.SECONDS)).isFalse();
		}
		Map<String, Object> recorded = this.jdbc.sql("SELECT response, error FROM agent_call WHERE id = :id")
			.param("id", call)
			.query()
			.singleRow();
		assertThat(recorded.get("response")).isNull();
		assertThat(recorded.get("error"))
			.isEqualTo("Answer discarded: the task's lock passed to another worker during the call");
	}

	private static String plan(Statement statement, String query) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (ResultSet rows = statement.executeQuery("EXPLAIN " + query)) {
			while (rows.next()) {
				plan.append(rows.getString(1)).append('\n');
			}
		}
		return plan.toString();
	}

	/** The run's model calls and recorded input. */
	private long rowsOf(String run) {
		return this.jdbc
			.sql("""
					SELECT (SELECT COUNT(*) FROM agent_call WHERE run_id = :run) + (SELECT COUNT(*) FROM tool_call WHERE run_id = :run)
					  + (SELECT COUNT(*) FROM run_workspace WHERE run_id = :run) + (SELECT COUNT(*) FROM run_input WHERE run_id = :run)
					""")
			.param("run", run)
			.query(Long.class)
			.single();
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.builder().start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Embedded PostgreSQL did not start", ex);
		}
	}

}
