package io.bpmnagents.security;

import java.util.Map;

import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A manager's plan decides how many model calls a run makes, one per assignment; a
 * prompt-injected manager could plan thousands. A plan over
 * {@code bpmn-agents.runs.max-plan-assignments} (20 by default) is an invalid plan: sent
 * back once, then the run ends FAILED without any worker's call.
 */
class PlanFanOutSecurityTest extends PatternProcessTest {

	@Test
	void aPlanWithMoreAssignmentsThanTheCapIsRepairedOnceThenTheRunFailsWithoutWorkerCalls() {
		this.model.script("project-manager", (call) -> call.json() ? plan(21) : "Final");

		RunView started = this.runs.start("hierarchical-delegation", Map.of("task", "Build a todo app"));
		this.driver.runUntilQuiet();

		RunView run = this.runs.view(started.id());
		assertThat(run.status()).isEqualTo(RunView.Status.FAILED);
		assertThat(this.model.callsOf("project-manager")).hasSize(2);
		assertThat(this.model.callsOf("project-manager").get(1).prompt()).contains("21 assignments", "at most 20");
		assertThat(this.model.callsOf("developer")).isEmpty();
	}

	@Test
	void aPlanAtTheCapRuns() {
		this.model.script("project-manager", (call) -> call.json() ? plan(20) : "Final");

		RunView started = this.runs.start("hierarchical-delegation", Map.of("task", "Build a todo app"));
		this.driver.runUntilQuiet();

		assertThat(this.runs.view(started.id()).status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(this.model.callsOf("developer")).hasSize(20);
	}

	private static String plan(int assignments) {
		StringBuilder plan = new StringBuilder("{\"assignments\": [");
		for (int i = 0; i < assignments; i++) {
			plan.append((i > 0) ? "," : "")
				.append("{\"worker\": \"developer\", \"subtask\": \"Part ")
				.append(i + 1)
				.append("\"}");
		}
		return plan.append("]}").toString();
	}

}
