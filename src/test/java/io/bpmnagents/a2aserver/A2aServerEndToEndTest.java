package io.bpmnagents.a2aserver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.a2a.A2A;
import io.a2a.client.Client;
import io.a2a.client.TaskEvent;
import io.a2a.client.config.ClientConfig;
import io.a2a.client.http.JdkA2AHttpClient;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.jsonrpc.JSONRPCTransportConfig;
import io.a2a.client.transport.spi.interceptors.ClientCallContext;
import io.a2a.spec.A2AClientError;
import io.a2a.spec.A2AClientException;
import io.a2a.spec.AgentCard;
import io.a2a.spec.DataPart;
import io.a2a.spec.Message;
import io.a2a.spec.Part;
import io.a2a.spec.Task;
import io.a2a.spec.TaskIdParams;
import io.a2a.spec.TaskQueryParams;
import io.a2a.spec.TaskState;
import io.a2a.spec.TextPart;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.EndToEndApiTest;
import io.bpmnagents.support.People;
import io.bpmnagents.support.People.Person;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An outside agent uses processes as A2A agents with the A2A Java SDK's own client over
 * real HTTP: it reads the card of each process it may start, {@code message/send} starts
 * a run as the caller, {@code tasks/get} follows it to its outputs, {@code tasks/cancel}
 * stops it; refusals are A2A errors naming the field, under the same logins and grants as
 * {@code /api/runs}.
 */
class A2aServerEndToEndTest extends EndToEndApiTest {

	private static final String PIPELINE = "sequential-pipeline";

	@LocalServerPort
	int port;

	@Test
	void eachCallerSeesTheCardsOfExactlyTheProcessesTheyMayStart() {
		List<String> operator = cardNames(this.people.inGroups(AccessGroups.OPERATORS));
		List<String> starter = cardNames(this.people.allowedToStart(PIPELINE));
		List<String> modeller = cardNames(this.people.inGroups(AccessGroups.MODELLERS));

		assertThat(operator).contains(PIPELINE, "debate", "parallel-fanout");
		assertThat(starter).containsExactly(PIPELINE);
		assertThat(modeller).isEmpty();
	}

	@Test
	void aProcessCardDescribesItsSkillFromTheContractAndAnotherProcessCardIsRefused() {
		Person starter = this.people.allowedToStart(PIPELINE);

		AgentCard card = card(starter, PIPELINE);

		assertThat(card.url()).isEqualTo(base() + "/a2a/" + PIPELINE);
		assertThat(card.preferredTransport()).isEqualTo("JSONRPC");
		assertThat(card.skills()).singleElement().satisfies((skill) -> {
			assertThat(skill.id()).isEqualTo(PIPELINE);
			assertThat(skill.description()).contains("'task' (a string, required)")
				.contains("'agents'")
				.contains("a text goes into 'task'");
		});
		assertThat(card.securitySchemes()).containsKey("basic");
		assertThatThrownBy(() -> card(starter, "debate")).isInstanceOf(A2AClientError.class)
			.hasMessageContaining("403");
	}

	@Test
	void aMessageStartsARunAsTheCallerAndTheTaskCompletesWithTheOutputs() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		Task sent = send(operator, true, new TextPart("Write about tides"),
				new DataPart(Map.of("agents", List.of("writer"))));
		Task done = awaitState(operator, sent.getId(), TaskState.COMPLETED);

		assertThat(done.getContextId()).isEqualTo(sent.getId());
		assertThat(done.getMetadata()).containsEntry("process", PIPELINE).containsEntry("status", "COMPLETED");
		Map<String, Object> outputs = ((DataPart) done.getArtifacts().get(0).parts().get(0)).getData();
		assertThat((String) outputs.get("result")).isNotBlank();
		JsonNode run = this.api.run(sent.getId());
		assertThat(run.path("output").path("result").asText()).isEqualTo(outputs.get("result"));
		assertThat(this.api.get("/api/runs?process=" + PIPELINE).getBody().toString()).contains(sent.getId());
	}

	@Test
	void aSendThatDoesNotBlockAnswersWorkingAndTasksGetFollowsTheRunToItsEnd() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		Task sent = send(operator, false,
				new DataPart(Map.of("task", "Write about waves", "agents", List.of("writer", "reviewer"))));

		assertThat(sent.getStatus().state()).isEqualTo(TaskState.WORKING);
		Task done = awaitState(operator, sent.getId(), TaskState.COMPLETED);
		assertThat(done.getArtifacts()).singleElement()
			.satisfies((artifact) -> assertThat(artifact.name()).isEqualTo("outputs"));
	}

	@Test
	void aRunWaitingForAnApprovalIsInputRequiredAndCancelStopsIt() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Task sent = send(operator, false, new DataPart(
				Map.of("task", "Write about tides", "agents", List.of("writer"), "requireApproval", true)));

		Task waiting = awaitState(operator, sent.getId(), TaskState.INPUT_REQUIRED);
		Task cancelled = client(operator, PIPELINE).cancelTask(new TaskIdParams(sent.getId()), context(operator));

		assertThat(text(waiting.getStatus().message().getParts())).startsWith("Waiting for a person: '")
			.contains("/approval");
		assertThat(cancelled.getStatus().state()).isEqualTo(TaskState.CANCELED);
		assertThat(this.api.run(sent.getId()).path("status").asText()).isEqualTo("STOPPED");
		assertThatThrownBy(
				() -> client(operator, PIPELINE).cancelTask(new TaskIdParams(sent.getId()), context(operator)))
			.isInstanceOf(A2AClientException.class)
			.hasMessageContaining("has ended (STOPPED)");
	}

	@Test
	void badInputIsRefusedWithAnErrorNamingTheField() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		assertThatThrownBy(() -> send(operator, true, new DataPart(Map.of("agents", List.of("writer")))))
			.isInstanceOf(A2AClientException.class)
			.hasMessageContaining("Field 'task'");
		assertThatThrownBy(
				() -> send(operator, true, new DataPart(Map.of("task", "Write", "agents", List.of("nobody-such")))))
			.isInstanceOf(A2AClientException.class)
			.hasMessageContaining("Field 'agents'");
	}

	@Test
	void aCallerWithoutTheGrantIsRefusedAndSeesNoOtherCallersTasks() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);
		Person modeller = this.people.inGroups(AccessGroups.MODELLERS);
		Task sent = send(operator, false, new TextPart("Write about tides"));

		// The modeller may not read the card either: they send to the address the
		// operator's card gives.
		assertThatThrownBy(() -> send(card(operator, PIPELINE), modeller, true, new TextPart("Write about tides")))
			.isInstanceOf(A2AClientException.class)
			.hasMessageContaining("Field 'process'");
		assertThatThrownBy(
				() -> client(operator, PIPELINE).getTask(new TaskQueryParams(sent.getId()), context(modeller)))
			.isInstanceOf(A2AClientException.class)
			.hasMessageContaining("No run with id");
	}

	@Test
	void aBodyThatIsNoRequestTheAgentTakesIsAnA2aErrorNeverA500() {
		Person operator = this.people.inGroups(AccessGroups.OPERATORS);

		JsonNode garbage = rpc(operator, "not json");
		JsonNode unknown = rpc(operator, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tasks/list\"}");
		JsonNode streaming = rpc(operator,
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"message/stream\",\"params\":{}}");
		JsonNode toATask = rpc(operator, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"message/send\",\"params\":"
				+ "{\"message\":{\"kind\":\"message\",\"role\":\"user\",\"messageId\":\"m\",\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}],"
				+ "\"taskId\":\"some-run\"}}}");

		assertThat(garbage.path("error").path("code").asInt()).isEqualTo(-32700);
		assertThat(unknown.path("error").path("code").asInt()).isEqualTo(-32601);
		assertThat(unknown.path("id").asInt()).isEqualTo(2);
		assertThat(streaming.path("error").path("code").asInt()).isEqualTo(-32004);
		assertThat(toATask.path("error").path("code").asInt()).isEqualTo(-32004);
		assertThat(toATask.path("error").path("data").path("field").asText()).isEqualTo("message.taskId");
	}

	/** Posts a raw body to the pipeline's agent; the answer must be HTTP 200. */
	private JsonNode rpc(Person person, String body) {
		ResponseEntity<JsonNode> answer = person.http()
			.post()
			.uri("/a2a/" + PIPELINE)
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(answer.getStatusCode().value()).as(String.valueOf(answer.getBody())).isEqualTo(200);
		return answer.getBody();
	}

	@Test
	void withoutALoginTheAgentsAnswer401() {
		ResponseEntity<JsonNode> card = this.people.anonymous()
			.get()
			.uri("/a2a/" + PIPELINE + "/.well-known/agent-card.json")
			.retrieve()
			.toEntity(JsonNode.class);
		ResponseEntity<JsonNode> send = this.people.anonymous()
			.post()
			.uri("/a2a/" + PIPELINE)
			.body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tasks/get", "params", Map.of("id", "x")))
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(card.getStatusCode().value()).isEqualTo(401);
		assertThat(send.getStatusCode().value()).isEqualTo(401);
	}

	private List<String> cardNames(Person person) {
		JsonNode cards = person.get("/a2a").getBody();
		return java.util.stream.StreamSupport.stream(cards.spliterator(), false)
			.map((card) -> card.path("skills").get(0).path("id").asText())
			.toList();
	}

	private Task send(Person person, boolean blocking, Part<?>... parts) {
		return send(card(person, PIPELINE), person, blocking, parts);
	}

	/** Sends a message to the card's agent as the person; a blocking send waits. */
	private Task send(AgentCard card, Person person, boolean blocking, Part<?>... parts) {
		Client client = Client.builder(card)
			.clientConfig(new ClientConfig.Builder().setStreaming(false).setPolling(!blocking).build())
			.withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig(new JdkA2AHttpClient()))
			.build();
		AtomicReference<Task> task = new AtomicReference<>();
		client.sendMessage(new Message.Builder().role(Message.Role.USER).parts(List.of(parts)).build(),
				List.of((event, agent) -> task.set(((TaskEvent) event).getTask())), null, context(person));
		return task.get();
	}

	private Task awaitState(Person person, String id, TaskState state) {
		Client client = client(person, PIPELINE);
		AtomicReference<Task> task = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
			task.set(client.getTask(new TaskQueryParams(id), context(person)));
			return task.get().getStatus().state() == state;
		});
		return task.get();
	}

	private Client client(Person person, String process) {
		return Client.builder(card(person, process))
			.clientConfig(new ClientConfig.Builder().setStreaming(false).build())
			.withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig(new JdkA2AHttpClient()))
			.build();
	}

	private AgentCard card(Person person, String process) {
		return A2A.getAgentCard(new JdkA2AHttpClient(), base(), "/a2a/" + process + "/.well-known/agent-card.json",
				Map.of("Authorization", basic(person)));
	}

	private static ClientCallContext context(Person person) {
		return new ClientCallContext(Map.of(), Map.of("Authorization", basic(person)));
	}

	private static String basic(Person person) {
		return "Basic " + Base64.getEncoder()
			.encodeToString((person.id() + ":" + People.PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	private static String text(List<Part<?>> parts) {
		return ((TextPart) parts.get(0)).getText();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
