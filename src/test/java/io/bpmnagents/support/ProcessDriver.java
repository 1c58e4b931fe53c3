package io.bpmnagents.support;

import io.bpmnagents.worker.AgentTaskWorker;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Moves processes forward on the test thread: runs the agent tasks and jobs that are due
 * until nothing is left to do (the run ended, waits for a message or a person, or has an
 * incident).
 */
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class ProcessDriver {

	private final ProcessEngine engine;

	private final AgentTaskWorker worker;

	public void runUntilQuiet() {
		for (int round = 0; round < 1000; round++) {
			int done = this.worker.runAvailable();
			for (Job job : this.engine.getManagementService().createJobQuery().executable().list()) {
				this.engine.getManagementService().executeJob(job.getId());
				done++;
			}
			if (done == 0) {
				return;
			}
		}
		throw new AssertionError("Processes did not come to rest after 1000 rounds");
	}

}
