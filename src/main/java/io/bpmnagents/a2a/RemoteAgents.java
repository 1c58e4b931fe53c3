package io.bpmnagents.a2a;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.a2a.spec.A2AClientError;
import io.a2a.spec.A2AClientException;
import io.a2a.spec.Message;
import io.a2a.spec.Part;
import io.a2a.spec.TextPart;
import io.bpmnagents.llm.ModelReply;
import io.bpmnagents.transcript.ChatTurn;

/**
 * The remote A2A agents agents.yml names ({@code agents.<name>.a2a}, an agent card URL),
 * asked in place of a model. A card is read on an agent's first turn and kept; a turn
 * that fails for want of an answer reads it again on the next, as the agent may have
 * moved. The remote agent has its own instructions and tools: it gets the turn's prompt,
 * with what came before it in the run (memory, conversation, messages) as a first part,
 * not the system prompt; all turns of one run share the run's id as their A2A context.
 */
public class RemoteAgents {

	private static final String MODEL_PREFIX = "a2a:";

	private final A2aProperties properties;

	private final TimedHttpClient http;

	private final Map<String, RemoteAgent> agents = new ConcurrentHashMap<>();

	RemoteAgents(A2aProperties properties) {
		this.properties = properties;
		this.http = new TimedHttpClient(properties.connectTimeout(), properties.timeout());
	}

	/**
	 * What the transcript names as the model of a remote agent's calls:
	 * {@code a2a:<card URL>}.
	 */
	public static String model(String cardUrl) {
		return MODEL_PREFIX + cardUrl;
	}

	/** Refuses a card URL that is not an absolute http(s) URL, naming the agent. */
	public static void checkCardUrl(String agent, String cardUrl) {
		URI uri;
		try {
			uri = URI.create(cardUrl);
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
			throw new IllegalArgumentException("agents." + agent + ".a2a must be the http(s) URL of an A2A agent card, "
					+ "e.g. https://agents.example.com/.well-known/agent-card.json; was '" + cardUrl + "'");
		}
	}

	/**
	 * One turn of the remote agent.
	 * @param runId the run, the A2A context of all its turns
	 * @param messageId the turn's id (its transcript entry), the A2A message id
	 * @param chat what a model would be sent: system prompt, what came before, the prompt
	 */
	public ModelReply ask(String agent, String cardUrl, String runId, String messageId, List<ChatTurn> chat) {
		long deadline = System.nanoTime() + this.properties.timeout().toNanos();
		RemoteAgent remote = this.agents.get(cardUrl);
		try {
			if (remote == null) {
				remote = RemoteAgent.connect(cardUrl, this.http);
				this.agents.put(cardUrl, remote);
			}
		}
		catch (A2AClientError | A2AClientException | IllegalArgumentException ex) {
			throw new RemoteAgentException("The agent card of remote agent '" + agent + "' at " + cardUrl
					+ " could not be read: " + reason(ex), ex);
		}
		try {
			String text = remote.ask(agent, message(chat, runId, messageId), deadline,
					this.properties.poll().toMillis());
			return new ModelReply(text, model(cardUrl), null, null);
		}
		catch (A2AClientError | A2AClientException ex) {
			// Read the card again next time: the agent may have moved.
			this.agents.remove(cardUrl, remote);
			throw new RemoteAgentException(
					"The remote agent '" + agent + "' at " + cardUrl + " did not answer: " + reason(ex), ex);
		}
	}

	private static Message message(List<ChatTurn> chat, String runId, String messageId) {
		List<ChatTurn> said = chat.stream().filter((turn) -> !"system".equals(turn.role())).toList();
		List<Part<?>> parts = new ArrayList<>();
		if (said.size() > 1) {
			parts.add(new TextPart("Earlier in this run:\n" + said.subList(0, said.size() - 1)
				.stream()
				.filter((turn) -> turn.content() != null)
				.map((turn) -> "[" + ((turn.name() != null) ? turn.name() : turn.role()) + "] " + turn.content())
				.collect(Collectors.joining("\n"))));
		}
		parts.add(new TextPart(said.isEmpty() ? "" : said.get(said.size() - 1).content()));
		return new Message.Builder().role(Message.Role.USER).parts(parts).messageId(messageId).contextId(runId).build();
	}

	private static String reason(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (cause == ex) ? message : ex.getMessage() + " (" + message + ")";
	}

}
