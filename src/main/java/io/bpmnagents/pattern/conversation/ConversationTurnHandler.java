package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.bpmnagents.modeler.AgentTaskProperty;
import io.bpmnagents.replay.ReplayMismatchException;
import io.bpmnagents.task.AgentTaskConfig;
import io.bpmnagents.task.AgentCalls;
import io.bpmnagents.task.Prompts;
import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * One turn of a conversation: picks the speaker, asks it with the task's {@code prompt}
 * (written in the diagram; besides the process variables it may use {@code ${turn}}, this
 * turn's number, and {@code ${speaker}}), and decides whether the conversation is over.
 * The speaker is the task's {@code speaker} property when it has one (a template such as
 * {@code ${nextSpeaker}}, the selector's pick in {@code selector-group-chat}; it must be
 * one of {@code agents}), else the next in turn ({@code agents[turns % N]}).
 * {@code entry.<field>} properties add fields to the turn's conversation entry, and
 * {@code nextInOrder} names the agent after this speaker in {@code agents}: the
 * round-robin successor a selector falls back to. The termination check is plain
 * {@code String.contains} on the reply, never an expression ({@link ConversationEnd});
 * both conversations share it, so they end the same ways.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ConversationTurnHandler implements TopicHandler {

	static final String TOPIC = "conversation-turn";

	/** The number of the turn being taken, for the prompt template. */
	static final String TURN = "turn";

	/** The agent speaking, for the prompt template; also the property that names it. */
	static final String SPEAKER = AgentTaskProperty.SPEAKER.key();

	/** The agent after this turn's speaker in {@code agents}, set after every turn. */
	static final String NEXT_IN_ORDER = "nextInOrder";

	private static final String ENTRY_PREFIX = AgentTaskProperty.ENTRY.key();

	private final AgentCalls agents;

	private final TaskOutcomes outcomes;

	private final Prompts prompts;

	private final ConversationReplays replays;

	@Override
	public String topic() {
		return TOPIC;
	}

	/**
	 * The task's {@code speaker} when it names one, else the next in turn.
	 * @throws IllegalArgumentException when the named speaker is not a participant
	 */
	private String speaker(LockedExternalTask task, List<String> speakers, int turns) {
		String template = task.getExtensionProperties().get(SPEAKER);
		if (template == null || template.isBlank()) {
			return speakers.get(turns % speakers.size());
		}
		String named = this.prompts.render(task, template, Map.of()).strip();
		if (!speakers.contains(named)) {
			throw new IllegalArgumentException("Conversation turn '" + task.getActivityId() + "': the speaker '" + named
					+ "' is not one of the participants " + speakers);
		}
		return named;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Function<String, Object> read = (name) -> this.outcomes.variable(task, name);
		Map<String, Object> variables = new HashMap<>();
		for (String name : List.of(Conversation.AGENTS.name(), Conversation.TURNS.name(), Conversation.MAX_TURNS.name(),
				Conversation.TERMINATION_PHRASE.name(), Conversation.CONVERSATION.name())) {
			variables.put(name, read.apply(name));
		}
		List<String> speakers = Conversation.AGENTS.from(variables);
		Integer turnsSoFar = Conversation.TURNS.from(variables);
		int turns = (turnsSoFar != null) ? turnsSoFar : 0;
		String phrase = Conversation.TERMINATION_PHRASE.from(variables);
		String speaker;
		String prompt;
		Map<String, String> extra = new LinkedHashMap<>();
		try {
			speaker = speaker(task, speakers, turns);
			for (Map.Entry<String, String> property : task.getExtensionProperties().entrySet()) {
				if (property.getKey().startsWith(ENTRY_PREFIX)) {
					extra.put(property.getKey().substring(ENTRY_PREFIX.length()),
							this.prompts.render(task, property.getValue(), Map.of(TURN, turns + 1, SPEAKER, speaker)));
				}
			}
			String template = task.getExtensionProperties().get(AgentTaskConfig.PROMPT);
			if (template == null || template.isBlank()) {
				throw new IllegalArgumentException("Conversation turn '" + task.getActivityId()
						+ "' has no 'prompt' extension property; set it in the Modeler");
			}
			prompt = this.prompts.render(task, template, Map.of(TURN, turns + 1, SPEAKER, speaker));
		}
		catch (IllegalArgumentException ex) {
			this.outcomes.fail(task, ex, false);
			return;
		}
		List<Map<String, Object>> soFar = (variables.get(Conversation.CONVERSATION.name()) != null)
				? new ArrayList<>(Conversation.CONVERSATION.from(variables)) : new ArrayList<>();
		String run = this.outcomes.runId(task);
		ConversationReplays.Redelivery redelivery = this.replays.at(run, task.getProcessInstanceId(), turns);
		this.replays.deliverInMemory(redelivery.now(), soFar);
		this.replays.seen(run, task.getProcessInstanceId(), soFar, turns + 1, false);
		Optional<String> answer = this.agents.converse(task, speaker, prompt, ConversationHistory.of(soFar, speaker));
		if (answer.isEmpty()) {
			return;
		}
		String reply = answer.get();
		int taken = turns + 1;
		String endedBy = ConversationEnd.after(reply, phrase, taken, Conversation.MAX_TURNS.from(variables));
		String status = (endedBy == null) ? Conversation.RUNNING
				: ConversationEnd.PHRASE.equals(endedBy) ? Conversation.COMPLETED : Conversation.MAX_TURNS_REACHED;
		Optional<ReplayMismatchException> difference = (endedBy != null) ? redelivery.endedEarly() : Optional.empty();
		if (difference.isPresent()) {
			this.outcomes.fail(task, difference.get(), false);
			return;
		}
		this.outcomes.complete(task, (current) -> {
			Object existing = current.apply(Conversation.CONVERSATION.name());
			List<Map<String, Object>> conversation = (existing != null)
					? new ArrayList<>(
							Conversation.CONVERSATION.from(Map.of(Conversation.CONVERSATION.name(), existing)))
					: new ArrayList<>();
			this.replays.deliver(run, redelivery.now(), conversation);
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("turn", taken);
			entry.put("speaker", speaker);
			entry.put("message", reply);
			entry.putAll(extra);
			conversation.add(entry);
			if (endedBy != null) {
				this.replays.deliver(run, redelivery.unseen(), conversation);
			}
			Map<String, Object> out = new HashMap<>();
			out.put(Conversation.CONVERSATION.name(), Conversation.CONVERSATION.typed(conversation));
			out.put(Conversation.TURNS.name(), taken);
			out.put(Conversation.STATUS.name(), status);
			if (endedBy != null) {
				out.put(ConversationEnd.ENDED_BY.name(), ConversationEnd.ENDED_BY.typed(endedBy));
			}
			out.put(Conversation.RESULT.name(), Conversation.RESULT.typed(reply));
			out.put(Conversation.LAST_SPEAKER.name(), Conversation.LAST_SPEAKER.typed(speaker));
			out.put(NEXT_IN_ORDER, speakers.get((speakers.indexOf(speaker) + 1) % speakers.size()));
			return out;
		}, true);
	}

}
