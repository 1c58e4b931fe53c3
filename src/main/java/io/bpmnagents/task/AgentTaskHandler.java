package io.bpmnagents.task;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.answer.AnswerRule;
import io.bpmnagents.answer.AnswerSchema;
import io.bpmnagents.answer.AnswerSchemas;
import io.bpmnagents.answer.CheckedQuestions;
import io.bpmnagents.answer.FieldsRule;
import io.bpmnagents.answer.OneOfRule;
import io.bpmnagents.answer.SchemaRule;
import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * The generic agent task: maps the task's configuration and variables to a question, asks
 * the agent, and maps the answer to variables. Everything an agent task does in any
 * pattern goes through here; see {@link AgentTaskConfig} for what a modeler sets.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class AgentTaskHandler implements TopicHandler {

	static final String TOPIC = "agent-task";

	private final AgentCalls agents;

	private final TaskOutcomes outcomes;

	private final Prompts prompts;

	private final CheckedQuestions questions;

	private final AnswerSchemas schemas;

	private final ProcessToolCalls processTools;

	private final AgentTaskCompletion completion;

	private final List<AgentTaskReading> readings;

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
			Map<String, Object> read = read(task);
			agent = this.prompts.render(task, config.agent(), read);
			prompt = this.prompts.render(task, config.prompt(), read);
			rule = rule(task, config, read);
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
				this.completion.complete(task, config, agent,
						AnswerRule.Answer.text(config.resultVariable(), reply.get()), Map::of);
			}
			return;
		}
		this.questions
			.ask(task, agent, prompt + rule.instruction(), rule, CheckedQuestions.errorIn(config.resultVariable()),
					config.tools())
			.ifPresent((answer) -> this.completion.complete(task, config, agent, answer, Map::of));
	}

	/**
	 * What the patterns give in place of the task's variables ({@link AgentTaskReading}).
	 */
	private Map<String, Object> read(LockedExternalTask task) {
		Map<String, Object> read = new HashMap<>();
		for (AgentTaskReading reading : this.readings) {
			read.putAll(reading.before(task));
		}
		return read;
	}

	private AnswerRule rule(LockedExternalTask task, AgentTaskConfig config, Map<String, Object> read) {
		if (config.answerSchema()) {
			AnswerSchema schema = this.schemas.of(task);
			if (schema == null) {
				throw new IllegalArgumentException("Agent task '" + task.getActivityId()
						+ "' declares an answer schema that was not read when its diagram was deployed; deploy it again");
			}
			return new SchemaRule(schema);
		}
		if (config.answerFields() != null) {
			return FieldsRule.parse(config.answerFields());
		}
		if (config.answerOneOf() != null) {
			return OneOfRule.parse(config.resultVariable(), this.prompts.render(task, config.answerOneOf(), read),
					(config.fallback() != null) ? this.prompts.render(task, config.fallback(), read) : null,
					config.targetVariable());
		}
		return null;
	}

}
