package io.bpmnagents.support;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;

/**
 * A run whose result waits for a person's approval: the run, its approval (the called
 * process instance), the open approval task and the result under review as it was when
 * the task opened.
 */
public record WaitingApproval(String id, String approval, String task, String result) {

	/**
	 * Starts a one-writer pipeline that requires approval, over HTTP, and returns it once
	 * its approval task is open.
	 */
	public static WaitingApproval start(ApiClient api, RuntimeService runtime, TaskService tasks) {
		String id = api.startWaitingForApproval("Write about approvals");
		String approval = runtime.createProcessInstanceQuery().superProcessInstanceId(id).singleResult().getId();
		String task = tasks.createTaskQuery().processInstanceId(approval).singleResult().getId();
		return new WaitingApproval(id, approval, task, String.valueOf(runtime.getVariable(approval, "result")));
	}

}
