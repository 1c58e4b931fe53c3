package io.bpmnagents.approval;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.bpmnagents.security.AccessGroups;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Who may take and decide an approval: members of the configured group, and
 * administrators. Checked when the task is assigned and when it completes, so Tasklist,
 * {@code /engine-rest} and {@code /api} follow the same rule, whatever grants a person
 * was given; a completion without an authenticated person (the engine's own code) is not
 * restricted.
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ApprovalRules {

	/** Of the run's task in the approval's name (Camunda keeps 255 characters). */
	static final int SUBJECT_CHARS = 80;

	private final String group;

	private final Supplier<Authentication> current;

	/**
	 * Whether a user id belongs to the group or the administrators, for assignments.
	 */
	private final Predicate<String> isMember;

	/**
	 * The rules for this group, asking the engine's identity service who is logged in and
	 * who is a member. The service is looked up when a task needs it, since process
	 * definitions may be parsed while the engine starts.
	 */
	static ApprovalRules of(String group, ObjectProvider<IdentityService> identity) {
		return new ApprovalRules(group, () -> identity.getObject().getCurrentAuthentication(),
				(user) -> identity.getObject()
					.createGroupQuery()
					.groupMember(user)
					.groupIdIn(group, AccessGroups.ADMINISTRATORS)
					.count() > 0);
	}

	/**
	 * Offers the task to the group, named after the run's task so that approvals of
	 * different runs can be told apart in Tasklist's list.
	 */
	void offer(DelegateTask task) {
		task.addCandidateGroup(this.group);
		if (task.getVariable(ResultApproval.TASK.name()) instanceof String subject && !subject.isBlank()) {
			String flat = subject.replaceAll("\\s+", " ").strip();
			task.setName(task.getName() + ": "
					+ ((flat.length() <= SUBJECT_CHARS) ? flat : flat.substring(0, SUBJECT_CHARS) + "…"));
		}
	}

	/** A claim or an assignment gives the task to a member, or to nobody. */
	void checkAssignee(DelegateTask task) {
		String assignee = task.getAssignee();
		if (assignee != null && !this.isMember.test(assignee)) {
			throw new AuthorizationException(
					"User '" + assignee + "' may not take this approval: approvals are for " + rule());
		}
	}

	private String rule() {
		return rule(this.group);
	}

	/** Who decides approvals, as refusals tell it. */
	static String rule(String group) {
		return "members of " + group + " (bpmn-agents.approval.candidate-group) and of " + AccessGroups.ADMINISTRATORS
				+ ".";
	}

	void checkDecider(DelegateTask task) {
		Authentication person = this.current.get();
		if (person == null || person.getUserId() == null) {
			return;
		}
		List<String> groups = (person.getGroupIds() != null) ? person.getGroupIds() : List.of();
		if (!groups.contains(this.group) && !AccessGroups.isAdministrator(groups)) {
			// Answered with 403 by Camunda's REST API and shown as an error in Tasklist.
			throw new AuthorizationException(
					"User '" + person.getUserId() + "' may not decide this approval: approvals are for " + rule());
		}
		// Who decided, kept with the task in history at any history level (the operation
		// log is written only at level full): the decider may still see the run.
		task.setVariableLocal(ResultApproval.DECIDED_BY.name(), person.getUserId());
	}

}
