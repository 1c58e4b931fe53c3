package io.bpmnagents.pattern.hierarchical;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bpmnagents.task.AgentCalls;
import io.bpmnagents.task.Prompts;
import io.bpmnagents.task.TaskOutcomes;
import io.bpmnagents.task.TopicHandler;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * The manager's planning step (topic {@value #TOPIC}): asks the agent the task names for
 * a JSON plan with the task's {@code prompt} (on a second attempt preceded by its
 * {@code repairPrompt}, which quotes the error), validates the plan against the run's
 * workers, and either hands over the plan, sends it back for one repair, or raises
 * {@link HierarchicalDelegation#PLAN_INVALID}. The prompts are written in the diagram.
 */
@Component
class PlanHandler implements TopicHandler {

	static final String TOPIC = "agent-plan";

	static final int MAX_ATTEMPTS = 2;

	private final AgentCalls agents;

	private final Prompts prompts;

	private final TaskOutcomes outcomes;

	PlanHandler(AgentCalls agents, Prompts prompts, TaskOutcomes outcomes) {
		this.agents = agents;
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
		for (String name : List.of(HierarchicalDelegation.AGENTS.name(), HierarchicalDelegation.PLAN_ATTEMPTS.name())) {
			variables.put(name, this.outcomes.variable(task, name));
		}
		List<String> workers = HierarchicalDelegation.AGENTS.from(variables);
		Integer attemptsSoFar = HierarchicalDelegation.PLAN_ATTEMPTS.from(variables);
		int attempt = ((attemptsSoFar != null) ? attemptsSoFar : 0) + 1;
		Map<String, String> properties = task.getExtensionProperties();
		String manager;
		String prompt;
		try {
			manager = this.prompts.render(task, required(task, properties, "agent"), Map.of());
			prompt = this.prompts.render(task, required(task, properties, "prompt"), Map.of());
			if (attempt > 1 && properties.get("repairPrompt") != null) {
				prompt = this.prompts.render(task, properties.get("repairPrompt"), Map.of()) + prompt;
			}
		}
		catch (IllegalArgumentException ex) {
			this.outcomes.fail(task, ex, false);
			return;
		}
		Optional<String> reply = this.agents.ask(task, manager, prompt, true);
		if (reply.isEmpty()) {
			return;
		}
		String answer = reply.get();
		Map<String, Object> out = new HashMap<>();
		out.put(HierarchicalDelegation.PLAN_ATTEMPTS.name(), attempt);
		try {
			List<Map<String, Object>> plan = PlanValidator.validate(answer, workers);
			out.put(HierarchicalDelegation.PLAN.name(), HierarchicalDelegation.PLAN.typed(plan));
			out.put(HierarchicalDelegation.PLAN_VALID.name(), true);
			this.outcomes.complete(task, (current) -> out);
		}
		catch (PlanValidator.InvalidPlanException ex) {
			out.put(HierarchicalDelegation.PLAN_ERROR.name(), HierarchicalDelegation.PLAN_ERROR.typed(ex.getMessage()));
			if (attempt < MAX_ATTEMPTS) {
				out.put(HierarchicalDelegation.PLAN_VALID.name(), false);
				this.outcomes.complete(task, (current) -> out);
			}
			else {
				out.put(HierarchicalDelegation.RESULT.name(), HierarchicalDelegation.RESULT
					.typed("Planning failed after " + attempt + " attempts: " + ex.getMessage()));
				this.outcomes.bpmnError(task, HierarchicalDelegation.PLAN_INVALID, ex.getMessage(), out);
			}
		}
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
