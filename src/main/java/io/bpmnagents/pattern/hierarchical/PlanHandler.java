package io.bpmnagents.pattern.hierarchical;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpmnagents.contract.RunsProperties;
import io.bpmnagents.modeler.AgentTaskProperty;
import io.bpmnagents.task.AgentTaskConfig;
import io.bpmnagents.answer.AnswerSchema;
import io.bpmnagents.answer.AnswerSchemas;
import io.bpmnagents.answer.CheckedQuestions;
import io.bpmnagents.task.Prompts;
import io.bpmnagents.worker.TaskOutcomes;
import io.bpmnagents.worker.TopicHandler;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * The manager's planning step (topic {@value #TOPIC}): asks the agent the task names for
 * a plan with the task's {@code prompt}, under the JSON Schema the diagram declares
 * ({@code answerSchema}), through the same checked question as any agent task with a
 * schema: an answer that breaks the schema, or assigns work to someone who is not a
 * worker of this run or holds more assignments than
 * {@code bpmn-agents.runs.max-plan-assignments} ({@link PlanValidator}: what a fixed
 * schema cannot say), goes back once with what was wrong, a second one ends the task on
 * the BPMN error {@value CheckedQuestions#INVALID_ANSWER}. The schema sent to the model
 * lists the run's workers as the values {@code worker} may take, so a model that honours
 * schemas names only them.
 */
@Component
class PlanHandler implements TopicHandler {

	static final String TOPIC = "agent-plan";

	/** Where a plan's schema names the worker of an assignment. */
	static final String WORKER_POINTER = "/properties/assignments/items/properties/worker";

	private final CheckedQuestions questions;

	private final AnswerSchemas schemas;

	private final Prompts prompts;

	private final TaskOutcomes outcomes;

	private final int maxAssignments;

	PlanHandler(CheckedQuestions questions, AnswerSchemas schemas, Prompts prompts, TaskOutcomes outcomes,
			RunsProperties runs) {
		this.maxAssignments = runs.maxPlanAssignments();
		this.questions = questions;
		this.schemas = schemas;
		this.prompts = prompts;
		this.outcomes = outcomes;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Map<String, Object> variables = new HashMap<>();
		variables.put(HierarchicalDelegation.AGENTS.name(),
				this.outcomes.variable(task, HierarchicalDelegation.AGENTS.name()));
		List<String> workers = HierarchicalDelegation.AGENTS.from(variables);
		Map<String, String> properties = task.getExtensionProperties();
		String manager;
		String prompt;
		AnswerSchema schema;
		try {
			manager = this.prompts.render(task, required(task, properties, AgentTaskConfig.AGENT), Map.of());
			prompt = this.prompts.render(task, required(task, properties, AgentTaskConfig.PROMPT), Map.of());
			schema = this.schemas.of(task);
			if (schema == null) {
				throw new IllegalArgumentException(
						"Plan task '" + task.getActivityId() + "' declares no " + AgentTaskProperty.ANSWER_SCHEMA.key()
								+ "; set the plan's JSON Schema in the Modeler (Agent plan template)");
			}
			schema = schema.withValues(WORKER_POINTER, workers);
		}
		catch (IllegalArgumentException ex) {
			this.outcomes.fail(task, ex, false);
			return;
		}
		Optional<JsonNode> plan = this.questions.askForJson(task, manager, prompt, schema,
				(answer) -> PlanValidator.problem(answer, workers, this.maxAssignments),
				(why) -> Map.of(HierarchicalDelegation.RESULT.name(),
						HierarchicalDelegation.RESULT.typed("Planning failed after 2 attempts: " + why)));
		plan.ifPresent((answer) -> this.outcomes.complete(task, (current) -> Map.of(HierarchicalDelegation.PLAN.name(),
				HierarchicalDelegation.PLAN.typed(PlanValidator.assignments(answer)))));
	}

	private static String required(LockedExternalTask task, Map<String, String> properties, String name) {
		String value = properties.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("Plan task '" + task.getActivityId() + "' has no '" + name
					+ "' extension property; set it in the Modeler (Agent plan template)");
		}
		return value;
	}

}
