package io.bpmnagents.approval;

import java.time.Duration;

import io.bpmnagents.security.AccessGroups;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param candidateGroup the Camunda group whose members see and complete approval tasks
 * (of results and of tool calls) in Tasklist; administrators ({@code camunda-admin}) may
 * decide them too
 * @param toolCalls what happens when nobody decides on a tool call in time
 */
@ConfigurationProperties("bpmn-agents.approval")
public record ApprovalProperties(@DefaultValue(AccessGroups.APPROVERS) String candidateGroup,
		@DefaultValue ToolCalls toolCalls) {

	/**
	 * @param deadline how long a tool call's approval waits for a decision (ISO-8601 such
	 * as {@code P3D}, or {@code 72h})
	 * @param onDeadline {@code reject}: the call is rejected with the reason "no decision
	 * before the deadline"; {@code escalate}: the decision is offered to
	 * {@code escalationGroup}, without a further deadline
	 * @param escalationGroup who decides after the deadline when it escalates
	 */
	public record ToolCalls(@DefaultValue("P3D") Duration deadline, @DefaultValue("reject") OnDeadline onDeadline,
			@DefaultValue(AccessGroups.ADMINISTRATORS) String escalationGroup) {

	}

	/** What the deadline of a tool call's approval does. */
	public enum OnDeadline {

		REJECT, ESCALATE

	}

}
