package io.bpmnagents.approval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bpmnagents.run.RunVisibility;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;

import org.springframework.stereotype.Component;

/**
 * The approvers of a run see it: while its approval (of its result or of a tool call) is
 * offered to them, and after they claimed or decided it, whichever route they took.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class ApproverVisibility implements RunVisibility {

	private final HistoryService history;

	private final TaskService tasks;

	/**
	 * The runs with an approval offered to one of the person's groups (open, or claimed
	 * by anyone), claimed by the person, or decided by them: whether claimed first or
	 * completed over REST without claiming, the approval's rule records the decider with
	 * the task ({@code decidedBy}), which history keeps at every level.
	 */
	@Override
	public Set<String> runsGranted(String user, List<String> groups) {
		Set<String> approvals = new HashSet<>();
		if (!groups.isEmpty()) {
			this.tasks.createTaskQuery()
				.processDefinitionKeyIn(ResultApproval.KEY, ToolApproval.KEY)
				.taskCandidateGroupIn(groups)
				.includeAssignedTasks()
				.list()
				.forEach((task) -> approvals.add(task.getProcessInstanceId()));
		}
		for (String key : List.of(ResultApproval.KEY, ToolApproval.KEY)) {
			this.history.createHistoricTaskInstanceQuery()
				.processDefinitionKey(key)
				.taskAssignee(user)
				.list()
				.forEach((task) -> approvals.add(task.getProcessInstanceId()));
		}
		this.history.createHistoricVariableInstanceQuery()
			.variableValueEquals(ResultApproval.DECIDED_BY.name(), user)
			.list()
			.forEach((variable) -> approvals.add(variable.getProcessInstanceId()));
		if (approvals.isEmpty()) {
			return Set.of();
		}
		Set<String> runs = new HashSet<>();
		this.history.createHistoricProcessInstanceQuery()
			.processInstanceIds(approvals)
			.processDefinitionKeyIn(ResultApproval.KEY, ToolApproval.KEY)
			.list()
			.forEach((approval) -> runs.add(approval.getRootProcessInstanceId()));
		return runs;
	}

}
