package io.bpmnagents.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.worker.AgentTaskWorker;
import io.bpmnagents.transcript.TranscriptEntry;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * {@code POST /api/runs/{id}/stop} on the engine: the run ends STOPPED, late answers are
 * not kept.
 */
class StopProcessTest extends PatternProcessTest {

	private static final Authentication ADA = UsernamePasswordAuthenticationToken.authenticated("ada", null, List.of());

	@Autowired
	RunStops stops;

	@Autowired
	AgentTaskWorker worker;

	@Test
	void aStoppedRunEndsStoppedWithWhatItHasAndSaysWhoStoppedIt() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("researcher", "writer")));
		ProcessInstance instance = instance(run);
		this.worker.runAvailable();

		RunView stopped = this.stops.stop(run.id(), ADA);

		assertThat(instance).isEnded();
		assertThat(stopped.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(stopped.endedBy()).isEqualTo("stop");
		assertThat(stopped.endMessage()).startsWith("Stopped by ada");
		assertThat(stopped.output()).containsEntry("result", "researcher answer 1");
		assertThat(this.engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(run.id()).count())
			.isZero();
	}

	@Test
	void aModelCallInFlightWhenTheRunStopsIsNotRecordedAsAnAnswer() throws Exception {
		CountDownLatch called = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		this.model.script("researcher", (call) -> {
			called.countDown();
			try {
				answer.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "a late answer";
		});
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("researcher", "writer")));
		CompletableFuture<Integer> working = CompletableFuture.supplyAsync(this.worker::runAvailable);
		assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();

		RunView stopped = this.stops.stop(run.id(), ADA);
		answer.countDown();
		working.get(30, TimeUnit.SECONDS);

		assertThat(stopped.status()).isEqualTo(RunView.Status.STOPPED);
		List<TranscriptEntry> transcript = this.runs.transcript(run.id());
		assertThat(transcript).singleElement().satisfies((call) -> {
			assertThat(call.response()).isNull();
			assertThat(call.error()).contains("Answer discarded").contains("stopped");
		});
		RunView after = this.runs.view(run.id());
		assertThat(after.status()).isEqualTo(RunView.Status.STOPPED);
		assertThat(after.output()).doesNotContainKey("result");
	}

	@Test
	void aRunThatHasEndedCannotBeStopped() {
		RunView run = this.runs.start("sequential-pipeline",
				Map.of("task", "Write about tides", "agents", List.of("researcher")));
		this.driver.runUntilQuiet();

		assertThatThrownBy(() -> this.stops.stop(run.id(), ADA)).isInstanceOf(RunStops.NotRunning.class)
			.hasMessageContaining("COMPLETED");
		assertThat(this.runs.view(run.id()).status()).isEqualTo(RunView.Status.COMPLETED);
	}

	@Test
	void aConversationSaysAStopEndedIt() {
		RunView run = this.runs.start("round-robin-conversation", Map.of("task", "Plan a trip", "maxTurns", 5));
		this.worker.runAvailable();

		this.stops.stop(run.id(), ADA);

		RunView done = this.runs.view(run.id());
		assertThat(done.output()).containsEntry("endedBy", "stop").containsEntry("turns", 1);
	}

}
