package io.bpmnagents.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.bpmnagents.quota.QuotaLedger;
import io.bpmnagents.quota.Reservation;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run's budget held like a quota, in a counter of its own: calls reserve before they
 * are made, so calls in flight together cannot pass it.
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:run-budget-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=runBudgetTests" })
class RunBudgetTest extends PatternProcessTest {

	private static final QuotaLedger.Estimate ESTIMATE = new QuotaLedger.Estimate(100, BigDecimal.ZERO);

	@Autowired
	RunBudget budget;

	@Autowired
	QuotaLedger ledger;

	@Autowired
	RepositoryService repository;

	@BeforeEach
	void deployARunThatWaits() {
		this.repository.createDeployment()
			.addModelInstance("waiting-run.bpmn",
					Bpmn.createExecutableProcess("waiting-run")
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.userTask("Task_Wait")
						.endEvent()
						.done())
			.deploy();
	}

	private String run(Map<String, Object> limits) {
		return this.runtime.startProcessInstanceByKey("waiting-run", limits).getId();
	}

	@Test
	void aRunWithoutLimitsReservesNothingAndHasNoCounter() {
		String run = run(Map.of());

		assertThat(this.budget.reserve(run, ESTIMATE)).isSameAs(Reservation.NONE);
		assertThat(this.ledger.counter("run:" + run, Instant.EPOCH)).isEmpty();
	}

	@Test
	void aLimitThatIsNotANumberIsNoLimit() {
		String run = run(Map.of("maxCalls", "five"));

		assertThat(this.budget.reserve(run, ESTIMATE)).isSameAs(Reservation.NONE);
	}

	@Test
	void threeCallsReservedAtOnceAgainstMaxCallsOfTwoGetTwoAndTheThirdIsRefused() throws Exception {
		String run = run(Map.of("maxCalls", 2));
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService branches = Executors.newFixedThreadPool(3);
		try {
			List<Future<Reservation>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				calls.add(branches.submit(() -> {
					go.await();
					return this.budget.reserve(run, ESTIMATE);
				}));
			}
			go.countDown();
			int reserved = 0;
			List<Throwable> refused = new ArrayList<>();
			for (Future<Reservation> call : calls) {
				try {
					call.get(60, TimeUnit.SECONDS);
					reserved++;
				}
				catch (ExecutionException ex) {
					refused.add(ex.getCause());
				}
			}

			// None of the three has ended: only reservations kept the third out.
			assertThat(reserved).isEqualTo(2);
			assertThat(refused).singleElement()
				.isInstanceOfSatisfying(BudgetExhaustedException.class,
						(ex) -> assertThat(ex.limit()).isEqualTo("maxCalls"));
		}
		finally {
			branches.shutdownNow();
		}
	}

	@Test
	void callsAreCheckedFirstThenTokensAndTheMessageSaysWhichLimit() {
		String byCalls = run(Map.of("maxCalls", 1, "maxTokens", 10));
		this.budget.reserve(byCalls, ESTIMATE).settle(50, BigDecimal.ZERO);
		String byTokens = run(Map.of("maxCalls", 5, "maxTokens", 40L));
		this.budget.reserve(byTokens, ESTIMATE).settle(50, BigDecimal.ZERO);

		assertThatThrownBy(() -> this.budget.reserve(byCalls, ESTIMATE)).hasMessageContaining("maxCalls of 1")
			.hasMessageContaining("No further model call was made");
		assertThatThrownBy(() -> this.budget.reserve(byTokens, ESTIMATE)).hasMessageContaining("maxTokens of 40");
	}

	@Test
	void aReleasedReservationGivesItsRoomBack() {
		String run = run(Map.of("maxCalls", 1));
		this.budget.reserve(run, ESTIMATE).release();

		assertThat(this.budget.reserve(run, ESTIMATE)).isNotSameAs(Reservation.NONE);
		assertThatThrownBy(() -> this.budget.reserve(run, ESTIMATE)).isInstanceOf(BudgetExhaustedException.class);
	}

}
