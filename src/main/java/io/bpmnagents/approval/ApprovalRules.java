package io.bpmnagents.approval;

import java.util.List;
import java.util.function.Supplier;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

/**
 * Who may decide an approval: members of the configured group. Checked when the task
 * completes, so Tasklist, {@code /engine-rest} and {@code /api} follow the same rule; a
 * completion by the engine itself (no authenticated person) is not restricted.
 */
class ApprovalRules {

	private final String group;

	private final Supplier<Authentication> current;

	ApprovalRules(String group, Supplier<Authentication> current) {
		this.group = group;
		this.current = current;
	}

	void offer(DelegateTask task) {
		task.addCandidateGroup(this.group);
	}

	void checkDecider(DelegateTask task) {
		Authentication person = this.current.get();
		if (person == null || person.getUserId() == null) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		if (!groups.contains(this.group)) {
			// Answered with 403 by Camunda's REST API and shown as an error in Tasklist.
			throw new AuthorizationException("User '" + person.getUserId() + "' may not decide this approval: "
					+ "approvals are for members of " + this.group + " (bpmn-agents.approval.candidate-group).");
		}
	}

}
