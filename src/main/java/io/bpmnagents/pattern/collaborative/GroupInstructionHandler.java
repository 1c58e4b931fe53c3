package io.bpmnagents.pattern.collaborative;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.process.Variable;
import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Adds the instruction of the person who decided on a stalled collaborative group to the
 * team's {@code ideas}, under "instruction from" their name, so that every agent's next
 * prompt (which shows the ideas) and the synthesis see it, and notes it in the
 * {@code workspace}. The text is a variable value, never evaluated.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class GroupInstructionHandler implements TopicHandler {

	static final String TOPIC = "group-instruction";

	static final String FROM = "instructionFrom";

	static final String CONTENT = "instructionContent";

	private static final Variable<Map<String, String>> IDEAS = Variable.textMap("ideas");

	private static final Variable<List<Map<String, Object>>> WORKSPACE = Variable.records("workspace");

	private final TaskOutcomes outcomes;

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		String from = String.valueOf(this.outcomes.variable(task, FROM));
		String content = String.valueOf(this.outcomes.variable(task, CONTENT));
		this.outcomes.complete(task, (current) -> {
			Map<String, String> ideas = new LinkedHashMap<>();
			if (current.apply(IDEAS.name()) instanceof Map<?, ?> sofar) {
				sofar.forEach((key, idea) -> ideas.put(String.valueOf(key), String.valueOf(idea)));
			}
			ideas.put("instruction from " + from, content);
			List<Map<String, Object>> workspace = new ArrayList<>();
			if (current.apply(WORKSPACE.name()) instanceof List<?> notes) {
				notes.forEach((note) -> workspace.add(note(note)));
			}
			Map<String, Object> note = new LinkedHashMap<>();
			note.put("from", from);
			note.put("type", "instruction");
			note.put("content", content);
			workspace.add(note);
			return Map.of(IDEAS.name(), IDEAS.typed(ideas), WORKSPACE.name(), WORKSPACE.typed(workspace));
		}, true);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> note(Object note) {
		return (note instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of("content", String.valueOf(note));
	}

}
