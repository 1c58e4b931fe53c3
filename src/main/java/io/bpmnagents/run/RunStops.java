package io.bpmnagents.run;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RuntimeService;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/runs/{id}/stop}: ends a running run at once with status STOPPED. The
 * run and the processes it called are deleted as the engine deletes an instance (history
 * kept), so its outputs so far and its transcript stay readable, and its agent tasks are
 * gone: a model call still in flight finds no task to answer when it returns, and its
 * answer is recorded as discarded, never as an answer of the run. Who may stop a run: the
 * person who started it, operators (who may retry its process) and administrators; the
 * engine's own grant for this ({@code DELETE_INSTANCE}) is for administrators alone, so
 * the deletion is done by the app after that check.
 */
@RestController
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
class RunStops {

	/** How the delete reason of a stopped run begins. */
	static final String STOPPED_BY = "Stopped by ";

	private final RunService runs;

	private final RunAccess access;

	private final RuntimeService runtime;

	@PostMapping("/api/runs/{id}/stop")
	RunView stop(@PathVariable String id, Authentication person) {
		return stop(id, person.getName(), "POST /api/runs/" + id + "/stop");
	}

	/**
	 * Stops the run for the person, after the same checks.
	 * @param via how they asked, kept in the run's delete reason
	 */
	RunView stop(String id, String person, String via) {
		RunView run = this.runs.view(id);
		this.access.checkMayStop(id, run.process());
		if (run.status() != RunView.Status.RUNNING) {
			throw new NotRunning(id, run.status());
		}
		this.access.asApp(() -> {
			deleteAgainOnConflict(id, STOPPED_BY + person + " (" + via + ")");
			return null;
		});
		return this.runs.view(id);
	}

	/**
	 * A step of the run (or, for an evaluation, its look at a case run) that changes the
	 * run at the same moment makes the deletion conflict; the stop is what the person
	 * asked for whatever that step did, so it is tried again.
	 */
	private void deleteAgainOnConflict(String id, String reason) {
		for (int attempt = 1;; attempt++) {
			try {
				this.runtime.deleteProcessInstance(id, reason, false, true);
				return;
			}
			catch (OptimisticLockingException ex) {
				if (attempt >= 3) {
					throw ex;
				}
			}
			catch (ProcessEngineException ex) {
				// It ended between the check and the deletion.
				throw new NotRunning(id, this.runs.view(id).status());
			}
		}
	}

	static class NotRunning extends RunConflictException {

		NotRunning(String id, RunView.Status status) {
			super("Run is not running", "Run '" + id + "' has already ended (status " + status
					+ "): only a RUNNING run can be stopped. Its outputs and transcript are in its view.");
		}

	}

}
