package io.bpmnagents.run;

import java.util.ArrayList;
import java.util.List;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/retry}: gives every failed agent call and job of a run (and
 * of the processes it called) one more attempt. Camunda lets a person retry a failed
 * external task only with {@code UPDATE} on the instance, which would also let them
 * modify the run and skip its approval; here the grant that says "may retry"
 * ({@code RETRY_JOB}, operators) is enough, and the retry itself is done by the app.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunRetries {

	private final RunService runs;

	private final RunAccess access;

	private final RuntimeService runtime;

	private final ExternalTaskService externalTasks;

	private final ManagementService management;

	@PostMapping("/api/runs/{id}/retry")
	RunView retry(@PathVariable String id) {
		RunView run = this.runs.view(id);
		this.access.checkMayRetry(run.process());
		int retried = this.access.asApp(() -> retryFailedAgainOnConflict(id));
		if (retried == 0) {
			throw new NothingToRetry(id);
		}
		return this.runs.view(id);
	}

	/**
	 * Retrying is idempotent (what was retried has retries again and is not found a
	 * second time), so a conflict with a step of the run finishing at the same moment is
	 * resolved by retrying again.
	 */
	private int retryFailedAgainOnConflict(String id) {
		List<String> retried = new ArrayList<>();
		for (int attempt = 1;; attempt++) {
			try {
				retryFailed(id, retried);
				return retried.size();
			}
			catch (OptimisticLockingException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
		}
	}

	private void retryFailed(String id, List<String> failed) {
		for (ProcessInstance instance : this.runtime.createProcessInstanceQuery().rootProcessInstanceId(id).list()) {
			this.externalTasks.createExternalTaskQuery()
				.processInstanceId(instance.getId())
				.noRetriesLeft()
				.list()
				.forEach((task) -> {
					this.externalTasks.setRetries(task.getId(), 1);
					failed.add(task.getId());
				});
			this.management.createJobQuery()
				.processInstanceId(instance.getId())
				.noRetriesLeft()
				.list()
				.forEach((job) -> {
					this.management.setJobRetries(job.getId(), 1);
					failed.add(job.getId());
				});
		}
	}

	static class NothingToRetry extends RunConflictException {

		NothingToRetry(String id) {
			super("Nothing to retry",
					"Run '" + id + "' has nothing to retry: no agent call or job of it has failed past its retries. "
							+ "Its incidents, if any, are listed in its view.");
		}

	}

}
