package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.StatementCounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Watching a run costs the database little: each view reads what it shows in a small,
 * fixed number of SQL statements, the same for a run of ten calls as for a run of one.
 * The person's HTTP Basic login was verified a moment ago, so it is not read again
 * ({@code security/VerifiedLogins}; kept for an hour here, so that no count depends on
 * timing). The run view, of a running run as of a finished one, is one statement: the run
 * (whether they may see it), its variables with their values, what its called processes
 * hold, its incidents and tasks, how it ended and its usage ({@code RunViewQuery}); no
 * query of the engine's query API. A start answers with the run as its own command
 * created it, so it reads nothing back.
 */
@Import(StatementCounts.class)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:view-statements;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=viewStatements", "bpmn-agents.security.login-cache-for=1h" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunViewStatementsEndToEndTest extends EndToEndApiTest {

	private static final List<String> TEN_AGENTS = List.of("researcher", "developer", "reviewer", "tester", "designer",
			"writer", "editor", "coordinator", "analyst", "project-manager");

	@Autowired
	StatementCounts statements;

	private String tenCalls;

	private String oneCall;

	private String waiting;

	@BeforeAll
	void runsOfTenCallsAndOfOne() {
		this.tenCalls = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Watch me", "agents", TEN_AGENTS))
			.id();
		assertThat(this.api.transcript(this.tenCalls)).hasSizeGreaterThanOrEqualTo(10);
		this.oneCall = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Watch me", "agents", List.of("writer")))
			.id();
		this.waiting = this.api.startWaitingForApproval("Watch me wait");
	}

	@Test
	void theViewOfAFinishedRunIsOneStatementHoweverManyCallsTheRunMade() {
		assertThat(read("/api/runs/" + this.tenCalls)).hasSize(1)
			.hasSameSizeAs(read("/api/runs/" + this.oneCall))
			.noneMatch((sql) -> sql.contains("RES."));
	}

	@Test
	void theViewOfARunningRunWithACalledProcessAndAnOpenTaskIsOneStatement() {
		List<String> statements = read("/api/runs/" + this.waiting);

		assertThat(statements).hasSize(1);
		assertThat(this.api.run(this.waiting).path("userTasks")).hasSize(1);
		assertThat(this.api.run(this.waiting).path("output").path("result").asText()).isNotBlank();
	}

	@Test
	void theStartReadsNothingOfTheRunBackForItsAnswer() {
		String id = this.api.start("sequential-pipeline", Map.of("task", "Start me", "agents", List.of("writer")));
		List<String> statements = shown("POST /api/runs", this.statements.of("POST", "/api/runs"));

		assertThat(statements).hasSizeLessThanOrEqualTo(18)
			.noneMatch((sql) -> sql.contains("ACT_HI_PROCINST") && sql.startsWith("select"))
			.noneMatch((sql) -> sql.contains("FROM agent_call"));
		this.api.awaitEnd(id);
	}

	@Test
	void theTranscriptTakesTwoStatementsHoweverManyCallsTheRunMade() {
		// The run, for whether the person may see it and whether a spent quota held calls
		// of it (none here), then its calls with their tool calls.
		List<String> statements = read("/api/runs/" + this.tenCalls + "/transcript");

		assertThat(statements).hasSize(2)
			.hasSameSizeAs(read("/api/runs/" + this.oneCall + "/transcript"))
			.noneMatch((sql) -> sql.contains("RES."))
			.anyMatch((sql) -> sql.contains("FROM agent_call") && sql.contains("FROM tool_call"));
	}

	@Test
	void theRunsHistoryTakesAsManyStatementsForTenCallsAsForOne() {
		// The run and its view (2), then the history's own engine queries; a JSON value
		// too long to be kept in its variable's row (the ten calls' collected answers)
		// adds the read of its byte array.
		List<String> tenCalls = read("/api/runs/" + this.tenCalls + "/history");
		assertThat(tenCalls).hasSizeLessThanOrEqualTo(9);
		assertThat(read("/api/runs/" + this.oneCall + "/history")).hasSize(tenCalls.size() - 1);
	}

	@Test
	void theListOfRunsTakesAFewStatementsWhateverItFinds() {
		assertThat(read("/api/runs?process=sequential-pipeline&size=1")).hasSizeLessThanOrEqualTo(3)
			.hasSameSizeAs(read("/api/runs?process=sequential-pipeline&size=20"));
	}

	/** The statements a read as the administrator took, once it answered. */
	private List<String> read(String path) {
		assertThat(this.api.get(path).getStatusCode().is2xxSuccessful()).as(path).isTrue();
		return shown(path, this.statements.of("GET", path));
	}

	private static List<String> shown(String request, List<String> statements) {
		System.out.println("STATEMENTS " + request + " = " + statements.size());
		statements.forEach((sql) -> System.out.println("   " + sql.replaceAll("\\s+", " ")));
		return statements;
	}

}
