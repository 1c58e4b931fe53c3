package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bpmnagents.task.AgentCalls;
import io.bpmnagents.task.TaskOutcomes;
import io.bpmnagents.task.TopicHandler;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * One turn of a round-robin conversation: picks the speaker ({@code agents[turns % N]}),
 * shows it the last three messages and the task, asks it, and decides whether the
 * conversation is over. The termination check is plain {@code String.contains} on the
 * reply, never an expression.
 */
@Component
class ConversationTurnHandler implements TopicHandler {

	static final String TOPIC = "conversation-turn";

	private static final int RECENT = 3;

	private final AgentCalls agents;

	private final TaskOutcomes outcomes;

	ConversationTurnHandler(AgentCalls agents, TaskOutcomes outcomes) {
		this.agents = agents;
		this.outcomes = outcomes;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Function<String, Object> read = (name) -> this.outcomes.variable(task, name);
		Map<String, Object> variables = new HashMap<>();
		for (String name : List.of(Conversation.TASK.name(), Conversation.AGENTS.name(), Conversation.TURNS.name(),
				Conversation.MAX_TURNS.name(), Conversation.TERMINATION_PHRASE.name(),
				Conversation.CONVERSATION.name())) {
			variables.put(name, read.apply(name));
		}
		List<String> speakers = Conversation.AGENTS.from(variables);
		Integer turnsSoFar = Conversation.TURNS.from(variables);
		int turns = (turnsSoFar != null) ? turnsSoFar : 0;
		List<Map<String, Object>> sofar = Conversation.CONVERSATION.from(variables);
		String phrase = Conversation.TERMINATION_PHRASE.from(variables);
		String speaker = speakers.get(turns % speakers.size());
		String prompt = prompt(Conversation.TASK.from(variables), (sofar != null) ? sofar : List.of(), turns + 1,
				phrase);
		Optional<String> answer = this.agents.ask(task, speaker, prompt, false);
		if (answer.isEmpty()) {
			return;
		}
		String reply = answer.get();
		int taken = turns + 1;
		String status = reply.contains(phrase) ? Conversation.COMPLETED
				: (taken >= Conversation.MAX_TURNS.from(variables)) ? Conversation.MAX_TURNS_REACHED
						: Conversation.RUNNING;
		this.outcomes.complete(task, (current) -> {
			Object existing = current.apply(Conversation.CONVERSATION.name());
			List<Map<String, Object>> conversation = (existing != null)
					? new ArrayList<>(
							Conversation.CONVERSATION.from(Map.of(Conversation.CONVERSATION.name(), existing)))
					: new ArrayList<>();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("turn", taken);
			entry.put("speaker", speaker);
			entry.put("message", reply);
			conversation.add(entry);
			Map<String, Object> out = new HashMap<>();
			out.put(Conversation.CONVERSATION.name(), Conversation.CONVERSATION.typed(conversation));
			out.put(Conversation.TURNS.name(), taken);
			out.put(Conversation.STATUS.name(), status);
			out.put(Conversation.RESULT.name(), Conversation.RESULT.typed(reply));
			out.put(Conversation.LAST_SPEAKER.name(), Conversation.LAST_SPEAKER.typed(speaker));
			return out;
		}, true);
	}

	static String prompt(String task, List<Map<String, Object>> conversation, int turn, String phrase) {
		List<Map<String, Object>> recent = conversation.subList(Math.max(0, conversation.size() - RECENT),
				conversation.size());
		String context = recent.stream()
			.map((entry) -> "[" + entry.get("speaker") + "]: " + entry.get("message"))
			.collect(Collectors.joining("\n"));
		return "Task: " + task + "\n\nConversation so far:\n" + (context.isEmpty() ? "(nothing yet)" : context)
				+ "\n\nThis is turn " + turn + ". Respond to continue the conversation. If the task is complete, "
				+ "include '" + phrase + "' in your response.";
	}

}
