package io.bpmnagents.mcp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.EndToEndTest;
import io.bpmnagents.support.People;
import io.bpmnagents.tool.ToolContext;
import io.bpmnagents.tool.ToolRegistry;
import io.bpmnagents.transcript.ToolCallEntry;
import io.bpmnagents.transcript.ToolCallStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agents use the tools of MCP servers an administrator declared, with the SDK's client
 * and real protocol: a server over stdio started as a separate {@code java} process
 * ({@link WeatherMcpServer}) and one over Streamable HTTP ({@link NotesMcpServer}). The
 * simulator calls the first tool offered, as it does Java tools. The notes server's
 * {@code approve-tools} makes matching calls of its tools wait for a person.
 */
@EndToEndTest
@ExtendWith(OutputCaptureExtension.class)
class McpToolsEndToEndTest {

	private static final String WEATHER_KEY = "weather-secret-7731";

	private static NotesMcpServer notes;

	@Autowired
	ApiClient api;

	@Autowired
	ToolRegistry tools;

	@Autowired
	People people;

	@Autowired
	ToolCallStore toolCalls;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) throws Exception {
		notes = new NotesMcpServer();
		// A database of its own: the diagrams deployed here name servers only this
		// context declares.
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:mcp-tools;DB_CLOSE_DELAY=-1");
		// and an engine name of its own: Camunda's REST API finds engines by name in a
		// JVM-wide registry, so a second "default" would take the other contexts' REST
		// calls into this database
		registry.add("camunda.bpm.process-engine-name", () -> "mcpToolsTests");
		String weather = "bpmn-agents.mcp.servers.weather.";
		registry.add(weather + "command", () -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		registry.add(weather + "args[0]", () -> "-cp");
		registry.add(weather + "args[1]", () -> System.getProperty("java.class.path"));
		registry.add(weather + "args[2]", WeatherMcpServer.class::getName);
		registry.add(weather + "env.WEATHER_KEY", () -> WEATHER_KEY);
		// A JVM starting on a busy machine: the first connection may take a while.
		registry.add(weather + "timeout", () -> "60s");
		registry.add("bpmn-agents.mcp.servers.notes.url", notes::url);
		registry.add("bpmn-agents.mcp.servers.notes.headers.Authorization", () -> NotesMcpServer.TOKEN);
		registry.add("bpmn-agents.mcp.servers.notes.timeout", () -> "2s");
		registry.add("agents.forecaster.role", () -> "weather forecaster");
		registry.add("agents.forecaster.mcp[0]", () -> "weather/forecast");
		// Every agent's call of the notes server's forecast about Bergen waits for a
		// person (the tool's name on the server; the model sees notes_forecast).
		registry.add("bpmn-agents.mcp.servers.notes.approve-tools", () -> "forecast when topic = Bergen");
		registry.add("agents.note-taker.role", () -> "note taker");
		registry.add("agents.note-taker.mcp[0]", () -> "notes");
	}

	@AfterAll
	static void stopNotes() throws Exception {
		notes.close();
	}

	@Test
	void anAgentTaskCallsAnMcpToolAndTheTranscriptNamesItsServer() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("mcp-weather",
				Map.of("mcp-weather.bpmn",
						AgentTaskChains.xml("mcp-weather",
								Step.of("Task_Forecast", "writer", "${task}", "result")
									.with("mcpServers", "weather")
									.with("mcpTools", "forecast"))));
		assertThat(deployed.getStatusCode().value()).as(String.valueOf(deployed.getBody())).isEqualTo(200);

		String id = this.api.start("mcp-weather", Map.of("task", "What is the weather in Oslo?"));
		JsonNode run = this.api.awaitEnd(id);

		JsonNode call = forecastCalled(run, id);
		assertThat(call.path("latencyMs").isNumber()).isTrue();
		assertThat(run.path("output").path("result").asText()).contains("weather_forecast: Sunny in");
	}

	@Test
	void anAgentDeclaredWithMcpServersIsOfferedTheirToolsInEveryCall() {
		String id = this.api.start("sequential-pipeline",
				Map.of("task", "Tomorrow's weather in Bergen", "agents", List.of("forecaster")));

		JsonNode run = this.api.awaitEnd(id);

		forecastCalled(run, id);
	}

	@Test
	void aCallTheServersRuleMatchesWaitsForAPersonAndRunsWithTheApprovedArguments() {
		String id = startNoteTaker("Bergen");
		String task = this.api.awaitToolApprovalTask(id);
		JsonNode pending = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(pending.path("tool").asText()).isEqualTo("notes_forecast");
		assertThat(pending.path("approval").path("status").asText()).isEqualTo("pending");

		ResponseEntity<JsonNode> decided = this.people.inGroups(AccessGroups.APPROVERS)
			.completeTask(task, Map.of("decision", "approve", "arguments", "{\"topic\": \"Oslo\"}"));

		assertThat(decided.getStatusCode().value()).isEqualTo(204);
		JsonNode run = this.api.awaitEnd(id);
		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("server").asText()).isEqualTo("notes");
		assertThat(call.path("result").asText()).isEqualTo("Notes forecast: rain on Oslo");
		assertThat(call.path("approval").path("status").asText()).isEqualTo("approved");
		assertThat(call.path("approval").path("changed").asBoolean()).isTrue();
	}

	@Test
	void aCallTheServersRuleDoesNotMatchRunsWithoutAskingAnyone() {
		String id = startNoteTaker("Trondheim");

		JsonNode run = this.api.awaitEnd(id);

		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("result").asText()).isEqualTo("Notes forecast: rain on Trondheim");
		assertThat(call.has("approval")).isFalse();
	}

	/** refund-approval (a task drawn with the tool loop) with an agent offered notes. */
	private String startNoteTaker(String topic) {
		return this.api.start("refund-approval", Map.of("agent", "note-taker", "task",
				"Note the forecast. [call notes_forecast {\"topic\": \"" + topic + "\"}]"));
	}

	@Test
	void toolNamesAreUniqueAcrossServersAndHeadersReachTheHttpServer() {
		List<String> offered = this.tools.expand(List.of("mcp:weather", "mcp:notes"));

		assertThat(offered).contains("weather_forecast", "exit", "notes_forecast", "slow").doesNotContain("forecast");
		assertThat(this.tools.execute("notes_forecast", "{\"topic\":\"Bergen\"}", context()).result())
			.isEqualTo("Notes forecast: rain on Bergen");
	}

	@Test
	void aToolAServerAddsWhileConnectedIsOfferedOnceTheServerSaysItsListChanged() {
		notes.addTool("agenda");

		await().atMost(Duration.ofSeconds(30)).until(() -> this.tools.expand(List.of("mcp:notes")).contains("agenda"));
		assertThat(this.tools.execute("agenda", "{}", context()).result()).isEqualTo("agenda done");
	}

	@Test
	void aSlowServerGivesTheModelAnErrorResultInsteadOfHoldingTheWorker() {
		ToolRegistry.Outcome outcome = this.tools.execute("slow", "{\"topic\":\"x\"}", context());

		assertThat(outcome.result()).isNull();
		assertThat(outcome.error()).contains("The MCP server 'notes' did not answer the call of 'slow'");
		// The server answers the next call again.
		assertThat(this.tools.execute("notes_forecast", "{\"topic\":\"y\"}", context()).result()).contains("rain");
	}

	@Test
	void aStdioServerThatDiesIsStartedAgainAndItsStderrIsLoggedRedacted(CapturedOutput output) {
		ToolRegistry.Outcome died = this.tools.execute("exit", "{}", context());

		assertThat(died.error()).contains("The MCP server 'weather' did not answer");
		assertThat(this.tools.execute("weather_forecast", "{\"city\":\"Tromsø\"}", context()).result())
			.isEqualTo("Sunny in Tromsø, 21 degrees");
		assertThat(output.getOut()).contains("MCP server 'weather' (stderr): weather server starting with key ***")
			.doesNotContain(WEATHER_KEY);
	}

	@Test
	void aDiagramNamingAServerTheAdministratorDidNotDeclareIsRefusedAtDeployment() {
		ResponseEntity<JsonNode> deployed = this.api.deploy("mcp-nowhere",
				Map.of("mcp-nowhere.bpmn", AgentTaskChains.xml("mcp-nowhere",
						Step.of("Task_Ask", "writer", "${task}", "result").with("mcpServers", "weather, nowhere"))));

		assertThat(deployed.getStatusCode().value()).isEqualTo(400);
		assertThat(deployed.getBody().toString()).contains("mcp:nowhere").contains("mcpServers");
	}

	private static ToolContext context() {
		return new ToolContext("run", "run", "test", "Task", "key", "writer");
	}

	/**
	 * The run completed and its first step called the weather server's forecast tool,
	 * which answered; returns that call from the transcript.
	 */
	private JsonNode forecastCalled(JsonNode run, String id) {
		assertThat(run.path("status").asText()).isEqualTo("COMPLETED");
		JsonNode call = this.api.transcript(id).get(0).path("toolCalls").get(0);
		assertThat(call.path("tool").asText()).isEqualTo("weather_forecast");
		assertThat(call.path("server").asText()).isEqualTo("weather");
		assertThat(call.path("result").asText()).startsWith("Sunny in ");
		// recorded with the call, so a later change of the configuration does not rename
		// it
		assertThat(this.toolCalls.forRun(id)).extracting(ToolCallEntry::server).containsOnly("weather");
		return call;
	}

}
