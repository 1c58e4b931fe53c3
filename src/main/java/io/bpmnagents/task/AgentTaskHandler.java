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

	private final CheckedQuestions questions;

	private final AnswerSchemas schemas;

	private final ProcessToolCalls processTools;

	AgentTaskHandler(AgentCalls agents, TaskOutcomes outcomes, Prompts prompts, CheckedQuestions questions,
			AnswerSchemas schemas, ProcessToolCalls processTools) {
		this.processTools = processTools;
		this.agents = agents;
		this.outcomes = outcomes;
		this.prompts = prompts;
		this.questions = questions;
		this.schemas = schemas;
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
		AnswerRule rule;
		try {
			config = AgentTaskConfig.from(task.getActivityId(), task.getExtensionProperties());
			agent = this.prompts.render(task, config.agent(), Map.of());
			prompt = this.prompts.render(task, config.prompt(), Map.of());
			rule = rule(task, config);
		}
		catch (IllegalArgumentException ex) {
			// A modelling error: retrying will not help until someone fixes the model or
			// variables.
			this.outcomes.fail(task, ex, false);
			return;
		}
		if (config.loopsInProcess()) {
			this.processTools.ask(task, config, agent, prompt);
			return;
		}
		if (rule == null) {
			Optional<String> reply = this.agents.ask(task, task.getId(), agent, prompt, config.jsonAnswer(), null,
					config.tools());
			if (reply.isPresent()) {
				complete(task, config, agent, new AnswerRule.Answer(
						Variable.text(config.resultVariable()).typed(reply.get()), reply.get(), null, Map.of()));
			}
			return;
		}
		this.questions
			.ask(task, agent, prompt + rule.instruction(), rule, CheckedQuestions.errorIn(config.resultVariable()),
					config.tools())
			.ifPresent((answer) -> complete(task, config, agent, answer));
	}

	private AnswerRule rule(LockedExternalTask task, AgentTaskConfig config) {
		if (config.answerSchema()) {
			AnswerSchema schema = this.schemas.of(task);
			if (schema == null) {
				throw new IllegalArgumentException("Agent task '" + task.getActivityId()
						+ "' declares an answer schema that was not read when its diagram was deployed; deploy it again");
			}
			return new AnswerRule.Schema(schema);
		}
		if (config.answerFields() != null) {
			return AnswerRule.Fields.parse(config.answerFields());
		}
		if (config.answerOneOf() != null) {
			return AnswerRule.OneOf.parse(config.resultVariable(),
					this.prompts.render(task, config.answerOneOf(), Map.of()),
					(config.fallback() != null) ? this.prompts.render(task, config.fallback(), Map.of()) : null,
					config.targetVariable());
		}
		return null;
	}

	private void complete(LockedExternalTask task, AgentTaskConfig config, String agent, AnswerRule.Answer answer) {
		this.outcomes.complete(task, (current) -> results(config, agent, answer, current),
				config.resultKey() != null || config.appendTo() != null);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> results(AgentTaskConfig config, String agent, AnswerRule.Answer answer,
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
