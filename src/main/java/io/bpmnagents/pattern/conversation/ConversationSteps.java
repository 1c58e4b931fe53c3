package io.bpmnagents.pattern.conversation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.task.AgentTaskReading;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.variable.VariableMap;

import org.springframework.stereotype.Component;

/**
 * A step of a running conversation between its turns: a generic agent task of the
 * conversation's process (its variables hold {@code conversation}, whose {@code status}
 * is still running), such as the selector's pick in {@code selector-group-chat} or a pick
 * in a modeller's own flow, whatever its activity. Before its call it records which
 * people's messages it is shown first, and in a replay it is shown the original's
 * messages due by then ({@link ConversationReplays}). A step after the conversation ended
 * records nothing: what it read is added when the conversation ends.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ConversationSteps implements AgentTaskReading {

	private final TaskOutcomes outcomes;

	private final ConversationReplays replays;

	@Override
	public Map<String, Object> before(LockedExternalTask task) {
		VariableMap fetched = task.getVariables();
		// Read from the variables fetched with the task: no query for other tasks.
		if (fetched == null || !fetched.containsKey(Conversation.CONVERSATION.name())) {
			return Map.of();
		}
		Map<String, Object> variables = new HashMap<>();
		for (String name : List.of(Conversation.CONVERSATION.name(), Conversation.TURNS.name(),
				Conversation.STATUS.name())) {
			variables.put(name, this.outcomes.variable(task, name));
		}
		// A variable of that name that holds no conversation (a list of entries) is none
		// of its business.
		Object status = variables.get(Conversation.STATUS.name());
		Object turnsTaken = variables.get(Conversation.TURNS.name());
		if (!(variables.get(Conversation.CONVERSATION.name()) instanceof List<?> entries)
				|| !entries.stream().allMatch(Map.class::isInstance)
				|| (turnsTaken != null && !(turnsTaken instanceof Number))
				|| (status != null && !Conversation.RUNNING.equals(status))) {
			return Map.of();
		}
		Integer taken = Conversation.TURNS.from(variables);
		int turns = (taken != null) ? taken : 0;
		String run = this.outcomes.runId(task);
		List<Map<String, Object>> shown = new ArrayList<>(Conversation.CONVERSATION.from(variables));
		List<PersonMessages.PersonMessage> due = this.replays.beforeTurn(run, task.getProcessInstanceId(), turns);
		this.replays.deliverInMemory(due, shown);
		this.replays.seen(run, task.getProcessInstanceId(), shown, turns + 1, true);
		// Read once: the task's templates use this list instead of reading it again.
		return Map.of(Conversation.CONVERSATION.name(), shown);
	}

}
