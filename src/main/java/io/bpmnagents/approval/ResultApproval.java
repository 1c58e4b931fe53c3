package io.bpmnagents.approval;

import io.bpmnagents.process.Variable;

/**
 * {@code requireApproval}: a run that asks for it ends with the {@code result-approval}
 * process (processes/result-approval.bpmn), which every pattern calls before its end
 * event. A person approves the result in Tasklist, or sends it back with a comment and
 * the agent that produced it reworks it.
 */
public final class ResultApproval {

	public static final String KEY = "result-approval";

	/** The user task a person completes. */
	public static final String APPROVE_TASK = "UserTask_ApproveResult";

	/** Whether the run waits for a person's approval; the calling gateway tests it. */
	public static final Variable<Boolean> REQUIRE_APPROVAL = Variable.flag("requireApproval");

	/** The agent that reworks a rejected result, mapped in by the calling process. */
	public static final Variable<String> REVISER = Variable.word("reviser");

	/** The run's task, mapped in to be shown with the result. */
	public static final Variable<String> TASK = Variable.text("task");

	/** The result under review, replaced by each rework. */
	public static final Variable<String> RESULT = Variable.text("result");

	/** The person's decision; only {@code true} ends the review. */
	public static final Variable<Boolean> APPROVED = Variable.flag("approved");

	/**
	 * What the person asked to change; at most 4,000 characters, as Tasklist sends it.
	 */
	public static final Variable<String> COMMENT = Variable.word("comment");

	/** Who decided an approval task, a task-local variable of each decided task. */
	public static final Variable<String> DECIDED_BY = Variable.word("decidedBy");

	/** The longest comment accepted: a String variable. */
	public static final int MAX_COMMENT = 4000;

	private ResultApproval() {
	}

}
