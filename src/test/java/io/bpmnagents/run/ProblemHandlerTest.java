package io.bpmnagents.run;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/** How the engine's refusals reach a person: never as a 500. */
class ProblemHandlerTest {

	@Test
	void twoChangesOfOneRunMeetingInTheEngineIsAConflictToSendAgainNotAServerError() {
		ProblemDetail problem = new ProblemHandler()
			.changedMeanwhile(new OptimisticLockingException("ENGINE-03005 Execution of 'UPDATE ...' failed"));

		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getTitle()).isEqualTo("Run changed meanwhile");
		assertThat(problem.getDetail()).contains("Send it again").doesNotContain("UPDATE");
	}

	@Test
	void aRequestTheRunsStateDoesNotAllowIsAConflictWithTheRefusalsTitleAndMessage() {
		ProblemDetail problem = new ProblemHandler()
			.conflict(new RunStops.NotRunning("run-1", RunView.Status.COMPLETED));

		assertThat(problem.getStatus()).isEqualTo(409);
		assertThat(problem.getTitle()).isEqualTo("Run is not running");
		assertThat(problem.getDetail()).contains("Run 'run-1' has already ended (status COMPLETED)");
	}

}
