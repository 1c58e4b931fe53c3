package io.bpmnagents.stall;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.security.AccessGroups;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

	/**
	 * The stalled run waits for one approver's decision, saying why it stalled, instead
	 * of becoming an incident.
	 */
	void assertWaitsForAnApproverBecause(String stallReason) {
		assertThat(this.runs.view(this.run.id()).incidents()).isEmpty();
		assertThat(this.tasks.createTaskQuery()
			.processInstanceId(this.run.id())
			.taskCandidateGroup(AccessGroups.APPROVERS)
			.count()).isEqualTo(1);
		assertThat(this.runtime.getVariable(this.run.id(), "stallReason")).asString().contains(stallReason);
	}

	/** An approver decides on the stalled run, as in Tasklist. */
	void decideAsApprover(Map<String, Object> decision) {
		ApproverDecides.decide(this.tasks, this.identity, this.run.id(), decision);
	}

	/** An operator, who may see the run, may not decide on its stall. */
	void assertAnOperatorMayNotDecide() {
		assertThatThrownBy(() -> ApproverDecides.decideAs("someone", AccessGroups.OPERATORS, this.tasks, this.identity,
				this.run.id(), Map.of("stallDecision", "stop")))
			.isInstanceOf(AuthorizationException.class)
			.hasMessageContaining("'someone'");
	}

	@AfterEach
	void nobodyLoggedIn() {
		this.identity.clearAuthentication();
	}

}
