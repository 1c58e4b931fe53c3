package io.bpmnagents.pattern.hierarchical;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.bpmnagents.agent.AgentRegistry;
import io.bpmnagents.task.AgentCalls;
import io.bpmnagents.task.TaskOutcomes;
import io.bpmnagents.task.TopicHandler;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * The manager's planning step (topic {@value #TOPIC}): asks the manager for a JSON plan
 * over the run's workers, validates it, and either hands over the plan, sends it back for
 * one repair with the error, or raises {@link HierarchicalDelegation#PLAN_INVALID}.
 */
@Component
class PlanHandler implements TopicHandler {

	static final String TOPIC = "agent-plan";

	static final int MAX_ATTEMPTS = 2;

	private final AgentCalls agents;

	private final AgentRegistry registry;

	private final TaskOutcomes outcomes;

	PlanHandler(AgentCalls agents, AgentRegistry registry, TaskOutcomes outcomes) {
		this.agents = agents;
		this.registry = registry;
		this.outcomes = outcomes;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public void handle(LockedExternalTask task) {
		Map<String, Object> variables = new HashMap<>();
		for (String name : List.of(HierarchicalDelegation.TASK.name(), HierarchicalDelegation.MANAGER.name(),
				HierarchicalDelegation.AGENTS.name(), HierarchicalDelegation.PLAN_ERROR.name(),
				HierarchicalDelegation.PLAN_ATTEMPTS.name())) {
			variables.put(name, this.outcomes.variable(task, name));
		}
		List<String> workers = HierarchicalDelegation.AGENTS.from(variables);
		Integer attemptsSoFar = HierarchicalDelegation.PLAN_ATTEMPTS.from(variables);
		int attempt = ((attemptsSoFar != null) ? attemptsSoFar : 0) + 1;
		String prompt = prompt(HierarchicalDelegation.TASK.from(variables), workers,
				(attempt > 1) ? HierarchicalDelegation.PLAN_ERROR.from(variables) : null);
		Optional<String> reply = this.agents.ask(task, HierarchicalDelegation.MANAGER.from(variables), prompt, true);
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

	private String prompt(String task, List<String> workers, String previousError) {
		String roster = workers.stream()
			.map((name) -> "- " + name + ": " + this.registry.require(name).role())
			.collect(Collectors.joining("\n"));
		String repair = (previousError != null)
				? "Your previous plan could not be used: " + previousError + "\nPlease answer again.\n\n" : "";
		return repair + "Task: " + task + "\n\nAvailable workers:\n" + roster
				+ "\n\nCreate a plan assigning subtasks to workers.\n"
				+ "Return JSON: {\"assignments\": [{\"worker\": \"name\", \"subtask\": \"description\"}]}";
	}

}
