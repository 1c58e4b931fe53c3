package io.bpmnagents.approval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bpmnagents.run.RunVisibility;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import org.springframework.stereotype.Component;

/**
 * The approvers of a run see it: while its approval is offered to them, and after they
 * claimed or decided it, whichever route they took.
 */
@Component
class ApproverVisibility implements RunVisibility {

	private final HistoryService history;

	private final TaskService tasks;

	ApproverVisibility(HistoryService history, TaskService tasks) {
		this.history = history;
		this.tasks = tasks;
	}

	@Override
	public Set<String> runsGranted(String user, List<String> groups) {
		Set<String> approvals = new HashSet<>();
		if (!groups.isEmpty()) {
			this.tasks.createTaskQuery()
				.processDefinitionKey(ResultApproval.KEY)
				.taskCandidateGroupIn(groups)
				.includeAssignedTasks()
				.list()
				.forEach((task) -> approvals.add(task.getProcessInstanceId()));
		}
		this.history.createHistoricTaskInstanceQuery()
			.processDefinitionKey(ResultApproval.KEY)
			.taskAssignee(user)
			.list()
			.forEach((task) -> approvals.add(task.getProcessInstanceId()));
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
			.processDefinitionKey(ResultApproval.KEY)
			.list()
			.forEach((approval) -> runs.add(approval.getRootProcessInstanceId()));
		return runs;
	}

	@Override
	public boolean grants(HistoricProcessInstance run, String user, List<String> groups) {
		List<String> approvals = this.history.createHistoricProcessInstanceQuery()
			.rootProcessInstanceId(run.getRootProcessInstanceId())
			.processDefinitionKey(ResultApproval.KEY)
			.list()
			.stream()
			.map(HistoricProcessInstance::getId)
			.toList();
		for (String approval : approvals) {
			boolean offered = !groups.isEmpty() && this.tasks.createTaskQuery()
				.processInstanceId(approval)
				.taskCandidateGroupIn(groups)
				.includeAssignedTasks()
				.count() > 0;
			// Decided it, whether claimed first or completed over REST without claiming:
			// the approval's rule records the decider with the task (decidedBy), which
			// history keeps at every level. Claimed and not yet decided: the assignee.
			boolean decided = this.history.createHistoricVariableInstanceQuery()
				.processInstanceIdIn(approval)
				.variableValueEquals(ResultApproval.DECIDED_BY.name(), user)
				.count() > 0
					|| this.history.createHistoricTaskInstanceQuery()
						.processInstanceId(approval)
						.taskAssignee(user)
						.count() > 0;
			if (offered || decided) {
				return true;
			}
		}
		return false;
	}

}
