package io.bpmnagents.stall;

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
		Task task = tasks.createTaskQuery().processInstanceId(runId).singleResult();
		identity.setAuthentication(APPROVER, List.of(AccessGroups.APPROVERS));
		try {
			tasks.complete(task.getId(), decision);
		}
		finally {
			identity.clearAuthentication();
		}
	}

}
