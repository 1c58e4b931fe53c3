package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.bpmnagents.answer.AnswerRule;
import io.bpmnagents.process.Variable;
import io.bpmnagents.worker.TaskOutcomes;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Completes an agent task with its answer, for the generic handler and the tool loop
 * alike: the answer goes to the result variable, or under its key into the map the task
 * collects, and into an entry of the list it appends to. A task that collects into a
 * shared variable takes its turn with the other completions of its process instance
 * ({@link TaskOutcomes}) when its process may complete two such tasks at the same moment
 * ({@link CollectingTurns}).
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentTaskCompletion {

	private final TaskOutcomes outcomes;

	private final CollectingTurns turns;

	/**
	 * @param more further variables to set, made afresh for each try of the commit
	 */
	void complete(LockedExternalTask task, AgentTaskConfig config, String agent, AnswerRule.Answer answer,
			Supplier<Map<String, Object>> more) {
		this.outcomes.complete(task, (current) -> {
			Map<String, Object> variables = results(config, agent, answer, current);
			variables.putAll(more.get());
			return variables;
		}, (config.resultKey() != null || config.appendTo() != null) && this.turns.needed(task));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> results(AgentTaskConfig config, String agent, AnswerRule.Answer answer,
			Function<String, Object> current) {
		Map<String, Object> out = new HashMap<>(answer.variables());
		if (config.resultKey() == null) {
			out.put(config.resultVariable(), answer.result());
		}
		else {
			Object existing = current.apply(config.resultVariable());
			Map<String, String> map = (existing instanceof Map<?, ?> m) ? new LinkedHashMap<>((Map<String, String>) m)
					: new LinkedHashMap<>();
			map.put(PromptTemplate.render(config.resultKey(), current), answer.content());
			out.put(config.resultVariable(), Variable.textMap(config.resultVariable()).typed(map));
		}
		if (config.appendTo() != null) {
			Object existing = current.apply(config.appendTo());
			List<Map<String, Object>> list = (existing instanceof List<?> l)
					? new ArrayList<>((List<Map<String, Object>>) l) : new ArrayList<>();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("agent", agent);
			config.entry().forEach((field, template) -> entry.put(field, PromptTemplate.render(template, current)));
			if (answer.fields() != null) {
				entry.putAll(answer.fields());
			}
			else {
				entry.put(config.appendAnswerAs(), answer.content());
			}
			list.add(entry);
			out.put(config.appendTo(), Variable.records(config.appendTo()).typed(list));
		}
		return out;
	}

}
