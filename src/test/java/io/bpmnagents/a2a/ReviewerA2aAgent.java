package io.bpmnagents.a2a;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.a2a.spec.AgentCapabilities;
import io.a2a.spec.AgentCard;
import io.a2a.spec.AgentSkill;
import io.a2a.spec.Artifact;
import io.a2a.spec.CancelTaskRequest;
import io.a2a.spec.CancelTaskResponse;
import io.a2a.spec.GetTaskRequest;
import io.a2a.spec.GetTaskResponse;
import io.a2a.spec.Message;
import io.a2a.spec.MethodNotFoundError;
import io.a2a.spec.NonStreamingJSONRPCRequest;
import io.a2a.spec.SendMessageRequest;
import io.a2a.spec.SendMessageResponse;
import io.a2a.spec.Task;
import io.a2a.spec.TaskNotFoundError;
import io.a2a.spec.TaskState;
import io.a2a.spec.TaskStatus;
import io.a2a.spec.TextPart;
import io.a2a.spec.JSONRPCErrorResponse;
import io.a2a.util.Utils;

/**
 * A remote A2A agent in the test JVM, speaking JSON-RPC over real HTTP with the SDK's
 * spec types (the SDK's own server needs CDI): {@code /reviewer} reviews what it is sent
 * in a completed task; a message containing {@code [slow]} gets a working task that
 * completes on the second {@code tasks/get}; one containing {@code [ask]} gets an
 * input-required task. {@code /silent} accepts connections and never answers, not even
 * for its card.
 */
final class ReviewerA2aAgent implements AutoCloseable {

	private final HttpServer server;

	private final List<Message> received = new CopyOnWriteArrayList<>();

	private final Map<String, Task> tasks = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> looks = new ConcurrentHashMap<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	ReviewerA2aAgent() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(Executors.newCachedThreadPool());
		this.server.createContext("/reviewer", this::reviewer);
		this.server.createContext("/silent", this::silent);
		this.server.start();
	}

	String cardUrl(String agent) {
		return base() + "/" + agent + "/.well-known/agent-card.json";
	}

	private String base() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The messages the reviewer was sent, in order. */
	List<Message> received() {
		return List.copyOf(this.received);
	}

	private void reviewer(HttpExchange exchange) throws IOException {
		if ("GET".equals(exchange.getRequestMethod())) {
			write(exchange, card("reviewer"));
			return;
		}
		NonStreamingJSONRPCRequest<?> request = Utils.OBJECT_MAPPER.readValue(read(exchange),
				NonStreamingJSONRPCRequest.class);
		Object response;
		if (request instanceof SendMessageRequest send) {
			response = new SendMessageResponse(send.getId(), send(send.getParams().message()));
		}
		else if (request instanceof GetTaskRequest get) {
			Task task = this.tasks.get(get.getParams().id());
			response = (task != null) ? new GetTaskResponse(get.getId(), look(task))
					: new GetTaskResponse(get.getId(), new TaskNotFoundError());
		}
		else if (request instanceof CancelTaskRequest cancel) {
			Task task = this.tasks.computeIfPresent(cancel.getParams().id(),
					(id, old) -> withState(old, TaskState.CANCELED, null));
			response = new CancelTaskResponse(cancel.getId(), task);
		}
		else {
			response = new JSONRPCErrorResponse(request.getId(), new MethodNotFoundError());
		}
		write(exchange, response);
	}

	private Task send(Message message) {
		this.received.add(message);
		List<io.a2a.spec.Part<?>> parts = message.getParts();
		String text = ((TextPart) parts.get(parts.size() - 1)).getText();
		String id = "task-" + this.received.size();
		Task task = new Task.Builder().id(id)
			.contextId(message.getContextId())
			.status(new TaskStatus(TaskState.COMPLETED))
			.artifacts(List
				.of(new Artifact.Builder().artifactId("review").parts(new TextPart("Reviewed: " + text)).build()))
			.build();
		if (text.contains("[slow]")) {
			task = withState(task, TaskState.WORKING, null);
		}
		else if (text.contains("[ask]")) {
			task = withState(task, TaskState.INPUT_REQUIRED, "Which audience?");
		}
		this.tasks.put(id, task);
		return task;
	}

	/** A working task completes when it is looked at the second time. */
	private Task look(Task task) {
		if (task.getStatus().state() == TaskState.WORKING
				&& this.looks.computeIfAbsent(task.getId(), (id) -> new AtomicInteger()).incrementAndGet() >= 2) {
			Task done = withState(task, TaskState.COMPLETED, null);
			this.tasks.put(task.getId(), done);
			return done;
		}
		return task;
	}

	private static Task withState(Task task, TaskState state, String text) {
		Message message = (text != null) ? new Message.Builder().role(Message.Role.AGENT)
			.parts(new TextPart(text))
			.messageId("status-" + task.getId())
			.build() : null;
		return new Task.Builder(task).status(new TaskStatus(state, message, null)).build();
	}

	private void silent(HttpExchange exchange) throws IOException {
		read(exchange);
		try {
			// Never answers: the caller's timeout has to end the wait.
			this.closing.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		exchange.close();
	}

	private AgentCard card(String name) {
		return new AgentCard.Builder().name(name)
			.description("Reviews a text")
			.url(base() + "/" + name)
			.version("1.0")
			.capabilities(new AgentCapabilities.Builder().streaming(false).build())
			.defaultInputModes(List.of("text/plain"))
			.defaultOutputModes(List.of("text/plain"))
			.skills(List.of(new AgentSkill.Builder().id("review")
				.name("Review")
				.description("Reviews a text")
				.tags(List.of("review"))
				.build()))
			.build();
	}

	private static String read(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void write(HttpExchange exchange, Object body) throws IOException {
		byte[] bytes = Utils.OBJECT_MAPPER.writeValueAsBytes(body);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
	}

}
