package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.bpmnagents.process.Variable;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * The generic agent task: maps the task's configuration and variables to a question, asks
 * the agent, and maps the answer to variables. Everything an agent task does in any
 * pattern goes through here; see {@link AgentTaskConfig} for what a modeler sets.
 */
@Component
class AgentTaskHandler implements TopicHandler {

	static final String TOPIC = "agent-task";

	private final AgentCalls agents;

	private final TaskOutcomes outcomes;

	private final Prompts prompts;

	AgentTaskHandler(AgentCalls agents, TaskOutcomes outcomes, Prompts prompts) {
		this.agents = agents;
		this.outcomes = outcomes;
		this.prompts = prompts;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		AgentTaskConfig config;
		String agent;
		String prompt;
		try {
			config = AgentTaskConfig.from(task.getActivityId(), task.getExtensionProperties());
			agent = this.prompts.render(task, config.agent(), Map.of());
			prompt = this.prompts.render(task, config.prompt(), Map.of());
		}
		catch (IllegalArgumentException ex) {
			// A modelling error: retrying will not help until someone fixes the model or
			// variables.
			this.outcomes.fail(task, ex, false);
			return;
		}
		Optional<String> reply = this.agents.ask(task, agent, prompt, config.jsonAnswer());
		if (reply.isEmpty()) {
			return;
		}
		String answer = reply.get();
		this.outcomes.complete(task, (current) -> results(config, agent, answer, current),
				config.resultKey() != null || config.appendTo() != null);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> results(AgentTaskConfig config, String agent, String answer,
			Function<String, Object> current) {
		Map<String, Object> out = new HashMap<>();
		if (config.resultKey() == null) {
			out.put(config.resultVariable(), Variable.text(config.resultVariable()).typed(answer));
		}
		else {
			Object existing = current.apply(config.resultVariable());
			Map<String, String> map = (existing instanceof Map<?, ?> m) ? new LinkedHashMap<>((Map<String, String>) m)
					: new LinkedHashMap<>();
			map.put(PromptTemplate.render(config.resultKey(), current), answer);
			out.put(config.resultVariable(), Variable.textMap(config.resultVariable()).typed(map));
		}
		if (config.appendTo() != null) {
			Object existing = current.apply(config.appendTo());
			List<Map<String, Object>> list = (existing instanceof List<?> l)
					? new ArrayList<>((List<Map<String, Object>>) l) : new ArrayList<>();
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("agent", agent);
			config.entry().forEach((field, template) -> entry.put(field, PromptTemplate.render(template, current)));
			entry.put("content", answer);
			list.add(entry);
			out.put(config.appendTo(), Variable.records(config.appendTo()).typed(list));
		}
		return out;
	}

}
