package io.bpmnagents.stall;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the tests of a shipped pattern's stall catch share: the run that stalls, the
 * approvers' tasks and logins ({@link ApproverDecides} logs them in), and nobody logged
 * in after each test.
 */
abstract class StalledPatternProcessTest extends PatternProcessTest {

	@Autowired
	IdentityService identity;

	@Autowired
	TaskService tasks;

	RunView run;

	ProcessInstance instance;

	/** Starts the run and lets it go until it waits. */
	void startAndRunUntilQuiet(String process, Map<String, Object> input) {
		this.run = this.runs.start(process, input);
		this.instance = instance(this.run);
		this.driver.runUntilQuiet();
	}

	@AfterEach
	void nobodyLoggedIn() {
		this.identity.clearAuthentication();
	}

}
