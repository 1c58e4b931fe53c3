package io.bpmnagents.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/** Calls the running application's API as a user would, with HTTP Basic. */
@TestComponent
@Lazy
public class ApiClient {

	public static final String USER = "admin";

	public static final String PASSWORD = "E2e-Secret-42";

	private final RestClient http;

	private final ObjectMapper json = new ObjectMapper();

	ApiClient(@LocalServerPort int port, @Value("${camunda.bpm.process-engine-name:default}") String engine) {
		this.http = LocalHttp.client(port, engine, USER, PASSWORD);
	}

	public RestClient http() {
		return this.http;
	}

	/** POSTs a run and returns the whole response, for tests of refusals. */
	public ResponseEntity<JsonNode> post(String path, Object body) {
		return this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	public ResponseEntity<JsonNode> get(String path) {
		return this.http.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

	/**
	 * Deploys files as Camunda Modeler's "Deploy" does (multipart to /engine-rest) and
	 * returns the response.
	 */
	public ResponseEntity<JsonNode> deploy(String name, Map<String, String> files) {
		return ModelerDeployment.send(this.http, name, files);
	}

	/** Deploys files given as bytes, as an administrator. */
	public ResponseEntity<JsonNode> deployBytes(String name, Map<String, byte[]> files) {
		return ModelerDeployment.sendBytes(this.http, name, files);
	}

	/**
	 * Deploys files as the Modeler would, to {@code path} (such as a gated deployment's
	 * {@code /api/deployments?evaluate=…}), and returns the response.
	 */
	public ResponseEntity<JsonNode> deployTo(String path, String name, Map<String, String> files) {
		return ModelerDeployment.sendTo(this.http, path, name, ModelerDeployment.bytes(files));
	}

	/** Starts a run and returns its id. */
	public String start(String process, Map<String, Object> input) {
		ResponseEntity<JsonNode> response = post("/api/runs", Map.of("process", process, "input", input));
		if (response.getStatusCode().value() != 201) {
			throw new AssertionError("Run not started: " + response.getStatusCode() + " " + response.getBody());
		}
		return response.getBody().path("id").asText();
	}

	public JsonNode run(String id) {
		return get("/api/runs/" + id).getBody();
	}

	public List<JsonNode> transcript(String id) {
		JsonNode body = get("/api/runs/" + id + "/transcript").getBody();
		return this.json.convertValue(body,
				this.json.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
	}

	/**
	 * Starts a run and waits until it has left RUNNING: the end-to-end test's given and
	 * when in one step.
	 */
	public EndedRun runToEnd(String process, Map<String, Object> input) {
		String id = start(process, input);
		JsonNode view = awaitEnd(id);
		return new EndedRun(id, view, transcript(id));
	}

	/**
	 * Starts a run, waits for its end and fails, showing the run's view (its error among
	 * it), unless it completed.
	 */
	public EndedRun runToCompletion(String process, Map<String, Object> input) {
		EndedRun run = runToEnd(process, input);
		if (!"COMPLETED".equals(run.status())) {
			throw new AssertionError("Run " + run.id() + " did not complete: " + run.view());
		}
		return run;
	}

	/** A run that has left RUNNING: its id, its view and its transcript (the calls). */
	public record EndedRun(String id, JsonNode view, List<JsonNode> calls) {

		public String status() {
			return this.view.path("status").asText();
		}

		public JsonNode output() {
			return this.view.path("output");
		}

	}

	/** Waits until the run has left RUNNING and returns its view. */
	public JsonNode awaitEnd(String id) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !"RUNNING".equals(run(id).path("status").asText()));
		return run(id);
	}

	/**
	 * Starts a one-writer pipeline that requires approval and waits until its approval
	 * task is open; returns the run's id.
	 */
	public String startWaitingForApproval(String task) {
		String id = start("sequential-pipeline",
				Map.of("task", task, "agents", List.of("writer"), "requireApproval", true));
		awaitUserTask(id);
		return id;
	}

	/** Waits until the run waits at one person's task and returns its view. */
	public JsonNode awaitUserTask(String id) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> run(id).path("userTasks").size() == 1);
		return run(id);
	}

	/**
	 * Waits until one tool call of the run waits for a person (the open task of its
	 * {@code tool-approval}) and returns that task's id.
	 */
	public String awaitToolApprovalTask(String runId) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !toolApprovalTasks(runId).isEmpty());
		List<JsonNode> tasks = toolApprovalTasks(runId);
		if (tasks.size() != 1) {
			throw new IllegalStateException("Expected one tool approval task of run " + runId + ", found " + tasks);
		}
		return tasks.get(0).path("id").asText();
	}

	private List<JsonNode> toolApprovalTasks(String runId) {
		JsonNode approvals = get(
				"/engine-rest/process-instance?processDefinitionKey=tool-approval&superProcessInstance=" + runId)
			.getBody();
		if (approvals.isEmpty()) {
			return List.of();
		}
		JsonNode tasks = get("/engine-rest/task?processInstanceId=" + approvals.get(0).path("id").asText()).getBody();
		return StreamSupport.stream(tasks.spliterator(), false).toList();
	}

	/** Waits until the run has an open incident and returns its view. */
	public JsonNode awaitIncident(String id) {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> run(id).path("incidents").size() > 0);
		return run(id);
	}

}
