package io.bpmnagents.mcpserver;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.McpClients;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outside agent uses the app over MCP with the SDK's own client over real HTTP: each
 * process it may start is a tool, a call starts a run as the caller and answers with the
 * outputs or with the run's id and status, and a refusal is a tool error naming the
 * field, under the same logins and grants as {@code /api/runs}.
 */
class McpServerEndToEndTest extends EndToEndApiTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	private final List<McpSyncClient> clients = new ArrayList<>();

	private final List<ProgressNotification> progress = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(McpSyncClient::closeGracefully);
	}

	@Test
	void eachCallerSeesAsToolsExactlyTheProcessesTheyMayStart() {
		List<String> operatorTools = names(client(this.people.inGroups(AccessGroups.OPERATORS)).listTools().tools());
		List<String> starterTools = names(
				client(this.people.allowedToStart("sequential-pipeline")).listTools().tools());
		List<String> modellerTools = names(client(this.people.inGroups(AccessGroups.MODELLERS)).listTools().tools());

		assertThat(operatorTools).contains("sequential-pipeline", "debate", "parallel-fanout", "get_run", "list_runs",
				"stop_run");
		assertThat(starterTools).containsExactlyInAnyOrder("sequential-pipeline", "get_run", "list_runs", "stop_run");
		assertThat(modellerTools).containsExactlyInAnyOrder("get_run", "list_runs", "stop_run");
	}

	@Test
	void aProcessToolDescribesItsInputAndOutputFromTheProcessContract() {
		Tool pipeline = client(this.people.inGroups(AccessGroups.OPERATORS)).listTools()
			.tools()
			.stream()
			.filter((tool) -> tool.name().equals("sequential-pipeline"))
			.findFirst()
			.orElseThrow();
		JsonNode input = JSON.valueToTree(pipeline.inputSchema());
		JsonNode output = JSON.valueToTree(pipeline.outputSchema());

		assertThat(pipeline.description()).startsWith("Agents work in turn");
		assertThat(input.path("required")).extracting(JsonNode::asText).containsExactly("task");
		assertThat(input.at("/properties/task/type").asText()).isEqualTo("string");
		assertThat(input.at("/properties/agents/type").asText()).isEqualTo("array");
		assertThat(input.at("/properties/agents/items/enum")).extracting(JsonNode::asText).contains("writer");
		assertThat(input.at("/properties/agents/default")).extracting(JsonNode::asText)
			.containsExactly("researcher", "writer", "editor");
		assertThat(input.at("/properties/requireApproval/type").asText()).isEqualTo("boolean");
		assertThat(input.at("/properties/_waitSeconds/maximum").asInt()).isEqualTo(120);
		assertThat(output.at("/properties/outputs/properties").has("result")).isTrue();
		assertThat(output.path("required")).extracting(JsonNode::asText).containsExactly("runId", "status");
	}

	@Test
	void aRunThatEndsWithinTheWaitAnswersWithItsOutputsAndItsTranscriptIsAResource() throws Exception {
		McpSyncClient client = client(this.people.allowedToStart("sequential-pipeline"));

		CallToolResult result = client.callTool(new CallToolRequest("sequential-pipeline",
				Map.of("task", "Write about tools", "agents", List.of("writer"), "_waitSeconds", 60)));

		JsonNode answer = JSON.valueToTree(result.structuredContent());
		assertThat(result.isError()).isFalse();
		assertThat(answer.path("status").asText()).isEqualTo("COMPLETED");
		assertThat(answer.at("/outputs/result").asText()).isNotBlank();
		assertThat(JSON.readTree(((TextContent) result.content().get(0)).text())).isEqualTo(answer);
		String runId = answer.path("runId").asText();
		TextResourceContents transcript = (TextResourceContents) client
			.readResource(new ReadResourceRequest("bpmn-agents://runs/" + runId + "/transcript"))
			.contents()
			.get(0);
		assertThat(JSON.readTree(transcript.text())).hasSize(1);
		assertThat(JSON.readTree(transcript.text()).get(0).path("agent").asText()).isEqualTo("writer");
	}

	@Test
	void aRunStillGoingAnswersWithItsIdAndStatusReportsProgressAndSaysWhoIsAsked() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		McpSyncClient client = client(operator);

		// The run waits for a person's approval, so it is still running when the wait
		// ends.
		CallToolResult result = client.callTool(CallToolRequest.builder()
			.name("sequential-pipeline")
			.arguments(Map.of("task", "Write about waiting", "agents", List.of("writer"), "requireApproval", true,
					"_waitSeconds", 1))
			.progressToken("call-1")
			.build());

		JsonNode answer = JSON.valueToTree(result.structuredContent());
		String runId = answer.path("runId").asText();
		assertThat(result.isError()).isFalse();
		assertThat(answer.path("status").asText()).isEqualTo("RUNNING");
		assertThat(this.progress).isNotEmpty()
			.allSatisfy((notification) -> assertThat(notification.progressToken()).isEqualTo("call-1"));
		assertThat(this.progress.get(0).message()).contains(runId);
		JsonNode waiting = await().atMost(Duration.ofSeconds(30))
			.until(() -> run(client, runId).path("waitingFor"), (tasks) -> tasks.size() == 1)
			.get(0);
		assertThat(waiting.path("groups")).extracting(JsonNode::asText).containsExactly(AccessGroups.APPROVERS);
		assertThat(waiting.path("since").asText()).isNotBlank();
		assertThat(
				JSON.valueToTree(client
					.callTool(new CallToolRequest("list_runs",
							Map.of("process", "sequential-pipeline", "status", "RUNNING", "size", 100)))
					.structuredContent()).path("runs"))
			.extracting((run) -> run.path("id").asText())
			.contains(runId);

		CallToolResult stopped = client.callTool(new CallToolRequest("stop_run", Map.of("runId", runId)));

		assertThat(JSON.valueToTree(stopped.structuredContent()).path("status").asText()).isEqualTo("STOPPED");
	}

	@Test
	void refusalsAreToolErrorsThatNameTheField() {
		McpSyncClient starter = client(this.people.allowedToStart("sequential-pipeline"));
		McpSyncClient nobody = client(this.people.inGroups());

		assertThat(error(
				starter.callTool(new CallToolRequest("sequential-pipeline", Map.of("agents", List.of("writer"))))))
			.contains("'task'");
		assertThat(error(starter.callTool(
				new CallToolRequest("sequential-pipeline", Map.of("task", "x", "agents", List.of("no-such-agent"))))))
			.contains("'agents'")
			.contains("no-such-agent");
		assertThat(error(
				starter.callTool(new CallToolRequest("sequential-pipeline", Map.of("task", "x", "_waitSeconds", -1)))))
			.contains("'_waitSeconds'");
		assertThat(error(starter.callTool(new CallToolRequest("debate", Map.of("topic", "x"))))).contains("'process'")
			.contains("may not start runs of 'debate'");
		assertThat(error(starter.callTool(new CallToolRequest("get_run", Map.of("runId", "no-such-run")))))
			.contains("'runId'")
			.contains("No run with id 'no-such-run'");
		assertThat(error(starter.callTool(new CallToolRequest("get_run", Map.of())))).contains("'runId'");
		CallToolResult started = starter.callTool(new CallToolRequest("sequential-pipeline",
				Map.of("task", "Mine", "agents", List.of("writer"), "_waitSeconds", 0)));
		String runId = JSON.valueToTree(started.structuredContent()).path("runId").asText();
		// Somebody else's run does not exist for them, as in the runs API.
		assertThat(error(nobody.callTool(new CallToolRequest("stop_run", Map.of("runId", runId)))))
			.contains("No run with id '" + runId + "'");
		// A name that is no tool at all (a process never deployed) is a refusal too.
		assertThat(error(starter.callTool(new CallToolRequest("no-such-process", Map.of("task", "x")))))
			.contains("'name'")
			.contains("no tool 'no-such-process'");
		assertThat(starter.listTools().tools()).extracting(Tool::name).doesNotContain("bpmn-agents.unknown-tool");
	}

	@Test
	void withoutAValidLoginMcpAnswers401() throws Exception {
		String initialize = """
				{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
				"capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}""";
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/mcp"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(initialize));
		HttpClient http = HttpClient.newHttpClient();

		HttpResponse<String> anonymous = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> wrongPassword = http.send(
				request.copy().header("Authorization", McpClients.basic("admin", "wrong-password")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(wrongPassword.statusCode()).isEqualTo(401);
	}

	@Test
	void aSessionAnswersOnlyThePersonWhoOpenedItAndIsUnknownToEveryoneElse() throws Exception {
		String owner = McpClients.basic(this.people.inGroups(AccessGroups.OPERATORS).id(), People.PASSWORD);
		String other = McpClients.basic(this.people.inGroups(AccessGroups.OPERATORS).id(), People.PASSWORD);
		Answer opened = mcp(owner, null, "POST", INITIALIZE);
		String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
		assertThat(mcp(owner, session, "POST", INITIALIZED).statusCode()).isEqualTo(202);
		Answer neverIssued = mcp(other, "never-issued-" + System.nanoTime(), "POST", TOOLS_LIST);

		Answer listed = mcp(other, session, "POST", TOOLS_LIST);
		Answer called = mcp(other, session, "POST", """
				{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_runs","arguments":{}}}""");
		Answer streamed = mcp(other, session, "GET", null);
		Answer ended = mcp(other, session, "DELETE", null);

		assertThat(List.of(listed, called, streamed, ended)).allSatisfy((refused) -> {
			assertThat(refused.statusCode()).isEqualTo(404);
			assertThat(untimed(refused)).isEqualTo(untimed(neverIssued));
		});
		assertThat(neverIssued.statusCode()).isEqualTo(404);
		Answer stillOpen = mcp(owner, session, "POST", TOOLS_LIST);
		assertThat(stillOpen.statusCode()).isEqualTo(200);
		assertThat(stillOpen.body()).contains("list_runs");
		assertThat(mcp(owner, session, "DELETE", null).statusCode()).isEqualTo(200);
		assertThat(mcp(owner, session, "POST", TOOLS_LIST).statusCode()).isEqualTo(404);
	}

	/** The error's body, less the moment it was written. */
	private static JsonNode untimed(Answer response) throws Exception {
		return ((ObjectNode) JSON.readTree(response.body())).without("timestamp");
	}

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
			"capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}""";

	private static final String INITIALIZED = """
			{"jsonrpc":"2.0","method":"notifications/initialized"}""";

	private static final String TOOLS_LIST = """
			{"jsonrpc":"2.0","id":2,"method":"tools/list"}""";

	/**
	 * One MCP request over plain HTTP, as a client that holds a session id would send.
	 */
	private Answer mcp(String login, String session, String method, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/mcp"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", login)
			.header("Accept", "application/json, text/event-stream")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (session != null) {
			request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18");
		}
		HttpResponse<InputStream> answer = HttpClient.newHttpClient()
			.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream stream = answer.body()) {
			// An event stream opened by GET never ends: its body is read only if refused.
			boolean opened = body == null && answer.statusCode() == 200;
			String text = opened ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
			return new Answer(answer.statusCode(), text, answer.headers());
		}
	}

	private record Answer(int statusCode, String body, HttpHeaders headers) {
	}

	private JsonNode run(McpSyncClient client, String runId) {
		return JSON
			.valueToTree(client.callTool(new CallToolRequest("get_run", Map.of("runId", runId))).structuredContent());
	}

	private static String error(CallToolResult result) {
		assertThat(result.isError()).as(String.valueOf(result)).isTrue();
		return ((TextContent) result.content().get(0)).text();
	}

	private static List<String> names(List<Tool> tools) {
		return tools.stream().map(Tool::name).toList();
	}

	private McpSyncClient client(Person person) {
		McpSyncClient client = McpClients.connect(this.port, person.id(), People.PASSWORD, this.progress::add);
		this.clients.add(client);
		return client;
	}

}
