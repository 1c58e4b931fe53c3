package io.bpmnagents.a2a;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.a2a.A2A;
import io.a2a.client.Client;
import io.a2a.client.MessageEvent;
import io.a2a.client.TaskEvent;
import io.a2a.client.config.ClientConfig;
import io.a2a.client.transport.jsonrpc.JSONRPCTransport;
import io.a2a.client.transport.jsonrpc.JSONRPCTransportConfig;
import io.a2a.spec.AgentCard;
import io.a2a.spec.Message;
import io.a2a.spec.Task;
import io.a2a.spec.TaskIdParams;
import io.a2a.spec.TaskQueryParams;
import io.a2a.spec.TaskState;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * One remote agent, from its card: asked with {@code message/send}; a task it answers
 * with that is still going is followed with {@code tasks/get} until it ends or the turn's
 * time is up (then it is cancelled, as far as the agent lets it).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class RemoteAgent {

	private final String cardUrl;

	private final AgentCard card;

	private final Client client;

	/** Reads the card and makes the SDK's JSON-RPC client for the agent it describes. */
	static RemoteAgent connect(String cardUrl, TimedHttpClient http) {
		URI uri = URI.create(cardUrl);
		String path = uri.getRawPath();
		// A URL without a path is the agent's base: its card is at the well-known path.
		AgentCard card = A2A.getAgentCard(http, uri.resolve("/").toString(),
				(path == null || path.isEmpty() || path.equals("/")) ? null : path, null);
		Client client = Client.builder(card)
			.clientConfig(new ClientConfig.Builder().setStreaming(false).setPolling(false).build())
			.withTransport(JSONRPCTransport.class, new JSONRPCTransportConfig(http))
			.build();
		return new RemoteAgent(cardUrl, card, client);
	}

	String name() {
		return this.card.name();
	}

	/**
	 * Sends the message and answers with the agent's text.
	 * @param agent the agent's name in agents.yml, for messages
	 * @param deadline {@link System#nanoTime()} by which the agent must have answered
	 */
	String ask(String agent, Message message, long deadline, long pollMillis) {
		String who = "The remote agent '" + agent + "' at " + this.cardUrl;
		AtomicReference<Object> answer = new AtomicReference<>();
		this.client.sendMessage(message, List.of((event, card) -> {
			if (event instanceof MessageEvent reply) {
				answer.set(reply.getMessage());
			}
			else if (event instanceof TaskEvent task) {
				answer.set(task.getTask());
			}
		}), null, null);
		if (answer.get() instanceof Message reply) {
			return RemoteText.of(reply.getParts());
		}
		if (!(answer.get() instanceof Task task)) {
			throw new RemoteAgentException(who + " answered neither a message " + "nor a task", null);
		}
		return follow(who, task, deadline, pollMillis);
	}

	private String follow(String who, Task sent, long deadline, long pollMillis) {
		Task task = sent;
		while (!task.getStatus().state().isFinal() && !asksForInput(task.getStatus().state())) {
			if (System.nanoTime() >= deadline) {
				cancel(task);
				throw new RemoteAgentException(who + " did not finish task " + task.getId() + " in time (it was "
						+ task.getStatus().state().asString() + ")", null);
			}
			pause(Math.min(pollMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
			task = this.client.getTask(new TaskQueryParams(task.getId()), null);
		}
		TaskState state = task.getStatus().state();
		String status = (task.getStatus().message() != null) ? RemoteText.of(task.getStatus().message().getParts())
				: "";
		if (state == TaskState.COMPLETED) {
			List<io.a2a.spec.Part<?>> parts = new ArrayList<>();
			if (task.getArtifacts() != null) {
				task.getArtifacts().forEach((artifact) -> parts.addAll(artifact.parts()));
			}
			String text = parts.isEmpty() ? status : RemoteText.of(parts);
			if (text.isBlank()) {
				throw new RemoteAgentException(who + " completed task " + task.getId() + " without an answer", null);
			}
			return text;
		}
		if (asksForInput(state)) {
			cancel(task);
			throw new RemoteAgentException(who + " asks for input in task " + task.getId() + " (" + state.asString()
					+ ": " + status + "), which a turn in a process cannot give", null);
		}
		throw new RemoteAgentException(
				who + " ended task " + task.getId() + " " + state.asString() + (status.isBlank() ? "" : ": " + status),
				null);
	}

	private static boolean asksForInput(TaskState state) {
		return state == TaskState.INPUT_REQUIRED || state == TaskState.AUTH_REQUIRED;
	}

	/** Asks the agent to stop a task the turn gives up on; it may refuse. */
	private void cancel(Task task) {
		try {
			this.client.cancelTask(new TaskIdParams(task.getId()), null);
		}
		catch (RuntimeException ex) {
			// Best effort: the turn fails either way.
		}
	}

	private static void pause(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RemoteAgentException("Interrupted while waiting for a remote agent", ex);
		}
	}

}
