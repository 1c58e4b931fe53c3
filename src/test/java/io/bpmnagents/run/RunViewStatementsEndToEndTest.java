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
 * timing). The run view: the run and whether they may see it (1), its variables (1) and
 * each output held as JSON (1 each, two here), how it ended (1) and its usage (1). A
 * start answers with the run as its own command created it, so it reads nothing back.
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

	@BeforeAll
	void runsOfTenCallsAndOfOne() {
		this.tenCalls = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Watch me", "agents", TEN_AGENTS))
			.id();
		assertThat(this.api.transcript(this.tenCalls)).hasSizeGreaterThanOrEqualTo(10);
		this.oneCall = this.api
			.runToCompletion("sequential-pipeline", Map.of("task", "Watch me", "agents", List.of("writer")))
			.id();
	}

	@Test
	void theRunViewTakesSixStatementsHoweverManyCallsTheRunMade() {
		assertThat(read("/api/runs/" + this.tenCalls)).hasSizeLessThanOrEqualTo(6)
			.hasSameSizeAs(read("/api/runs/" + this.oneCall));
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
	void theTranscriptTakesFourStatementsHoweverManyCallsTheRunMade() {
		// The calls, their tool calls, the run's access and the calls a spent quota held.
		assertThat(read("/api/runs/" + this.tenCalls + "/transcript")).hasSizeLessThanOrEqualTo(4)
			.hasSameSizeAs(read("/api/runs/" + this.oneCall + "/transcript"));
	}

	@Test
	void theRunsHistoryTakesAsManyStatementsForTenCallsAsForOne() {
		assertThat(read("/api/runs/" + this.tenCalls + "/history")).hasSizeLessThanOrEqualTo(14)
			.hasSameSizeAs(read("/api/runs/" + this.oneCall + "/history"));
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
