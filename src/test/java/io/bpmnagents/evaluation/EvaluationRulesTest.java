package io.bpmnagents.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bpmnagents.contract.InvalidInputException;
import io.bpmnagents.run.RunView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of an evaluation that need no engine: how cases are dealt into lanes, what
 * the diff of two outcomes reads like, and when the gate lets a change through.
 */
class EvaluationRulesTest {

	@Test
	void casesAreDealtRoundTheTableIntoAtMostTheParallelLanes() {
		assertThat(Evaluations.lanes(5, 2)).containsExactly(Map.of("cases", List.of(0, 2, 4)),
				Map.of("cases", List.of(1, 3)));
		assertThat(Evaluations.lanes(1, 4)).containsExactly(Map.of("cases", List.of(0)));
	}

	@Test
	void theDiffOfTwoOutcomesIsUnifiedAndEmptyWhenTheyAreTheSame() {
		assertThat(OutcomeDiff.of("a\nb\nc", "a\nB\nc"))
			.isEqualTo("--- original\n+++ new\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c");
		assertThat(OutcomeDiff.of("same", "same")).isEmpty();
	}

	@Test
	void theGatePassesACompletedEvaluationWithinTheThresholdAndNoFailedCase() {
		EvaluationGate gate = new EvaluationGate();

		assertThat(gate.decide(evaluation(RunView.Status.COMPLETED, 1, 0), 1).passed()).isTrue();
		assertThat(gate.decide(evaluation(RunView.Status.COMPLETED, 1, 0), 0).reason())
			.isEqualTo("1 case(s) came out worse, more than the threshold 0.");
		assertThat(gate.decide(evaluation(RunView.Status.COMPLETED, 0, 1), 5).passed()).isFalse();
		assertThat(gate.decide(evaluation(RunView.Status.RUNNING, 0, 0), 0).reason()).contains("still running");
		assertThat(gate.decide(evaluation(RunView.Status.STOPPED, 0, 0), 0).passed()).isFalse();
	}

	@Test
	void aNegativeThresholdIsRefusedNamingIt() {
		assertThatThrownBy(() -> new EvaluationGate().decide(evaluation(RunView.Status.COMPLETED, 0, 0), -1))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(refused) -> assertThat(refused.field()).isEqualTo("threshold"));
	}

	private static EvaluationView evaluation(RunView.Status status, int worse, int failed) {
		return new EvaluationView("e1", status, "p:1", 2, Instant.EPOCH, null, null,
				new EvaluationView.Summary(1, 0, worse, failed), null, null, List.of());
	}

}
