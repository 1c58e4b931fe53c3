package io.bpmnagents.stall;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.security.AccessGroups;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;

/**
 * An approver completes a run's one open task (the decision on a stall) with the given
 * variables, as they would in Tasklist.
 */
final class ApproverDecides {

	static final String APPROVER = "stall-approver";

	private ApproverDecides() {
	}

	static void decide(TaskService tasks, IdentityService identity, String runId, Map<String, Object> decision) {
		decideAs(APPROVER, AccessGroups.APPROVERS, tasks, identity, runId, decision);
	}

	/** Someone of the given group tries to complete the run's open task. */
	static void decideAs(String user, String group, TaskService tasks, IdentityService identity, String runId,
			Map<String, Object> decision) {
		Task task = tasks.createTaskQuery().processInstanceId(runId).singleResult();
		decideTaskAs(user, group, tasks, identity, task.getId(), decision);
	}

	/**
	 * An approver completes this one task (of several open at once) with the decision.
	 */
	static void decideTask(TaskService tasks, IdentityService identity, String taskId, Map<String, Object> decision) {
		decideTaskAs(APPROVER, AccessGroups.APPROVERS, tasks, identity, taskId, decision);
	}

	/**
	 * A decision as Tasklist submits it to {@code /engine-rest/task/{id}/submit-form}.
	 */
	static Map<String, Object> form(String choice, String instruction) {
		Map<String, Object> variables = new HashMap<>();
		variables.put("stallDecision", Map.of("value", choice, "type", "String"));
		if (instruction != null) {
			variables.put("stallInstruction", Map.of("value", instruction, "type", "String"));
		}
		return Map.of("variables", variables);
	}

	private static void decideTaskAs(String user, String group, TaskService tasks, IdentityService identity,
			String taskId, Map<String, Object> decision) {
		identity.setAuthentication(user, List.of(group));
		try {
			tasks.complete(taskId, decision);
		}
		finally {
			identity.clearAuthentication();
		}
	}

}
