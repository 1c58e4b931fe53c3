package io.bpmnagents.quota;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.RuntimeService;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The counters on both databases the app runs on, H2 and a real PostgreSQL server
 * (zonky's binaries, no Docker), each migrated by the app's own migrations: calls
 * reserved together from many threads never take more room than a limit has.
 */
class QuotaLedgerTest {

	private static final QuotaLedger.Estimate ESTIMATE = new QuotaLedger.Estimate(100, new BigDecimal("0.001"));

	private static EmbeddedPostgres postgres;

	/** Each database's client, by the name the tests get, for the requests' table. */
	private static final Map<String, JdbcClient> CLIENTS = new ConcurrentHashMap<>();

	static Stream<Arguments> databases() throws IOException {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:quota-ledger-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		if (postgres == null) {
			postgres = EmbeddedPostgres.builder().start();
		}
		return Stream.of(Arguments.of("h2", migrated(h2, "h2")),
				Arguments.of("postgresql", migrated(postgres.getPostgresDatabase(), "postgresql")));
	}

	private static QuotaLedger migrated(DataSource database, String vendor) {
		Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration/" + vendor, "classpath:db/migration/common")
			.load()
			.migrate();
		JdbcClient jdbc = JdbcClient.create(database);
		jdbc.sql("DELETE FROM quota_counter").update();
		jdbc.sql("DELETE FROM quota_request_wait").update();
		jdbc.sql("DELETE FROM quota_request").update();
		CLIENTS.put(vendor.equals("h2") ? "h2" : "postgresql", jdbc);
		return new QuotaLedger(jdbc);
	}

	@AfterAll
	static void stop() throws IOException {
		if (postgres != null) {
			postgres.close();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void twelveCallsReservedAtOnceAgainstFiveCallsGetExactlyFive(String database, QuotaLedger ledger) throws Exception {
		QuotaLedger.Limits fiveCalls = new QuotaLedger.Limits(5L, null, null);
		Instant today = Instant.parse("2026-12-07T00:00:00Z");
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService callers = Executors.newFixedThreadPool(12);
		try {
			List<Future<Boolean>> reserved = new ArrayList<>();
			for (int i = 0; i < 12; i++) {
				reserved.add(callers.submit(() -> {
					go.await();
					return ledger.reserve("user:ann:day", today, fiveCalls, ESTIMATE, () -> QuotaLedger.Use.NONE);
				}));
			}
			go.countDown();
			int granted = 0;
			for (Future<Boolean> call : reserved) {
				granted += call.get(60, TimeUnit.SECONDS) ? 1 : 0;
			}

			assertThat(granted).isEqualTo(5);
			QuotaLedger.Counter counter = ledger.counter("user:ann:day", today).orElseThrow();
			assertThat(counter.reserved().calls()).isEqualTo(5);
			assertThat(counter.used().calls()).isZero();
			assertThat(counter.spent(fiveCalls)).isEqualTo("max-calls");
		}
		finally {
			callers.shutdownNow();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void settlingReplacesTheEstimateWithTheRealUseAndAReleasedCallLeavesNoTrace(String database, QuotaLedger ledger) {
		QuotaLedger.Limits tokens = new QuotaLedger.Limits(null, 250L, null);
		Instant month = Instant.parse("2026-12-01T00:00:00Z");

		assertThat(ledger.reserve("model:gpt-4o:month", month, tokens, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
		assertThat(ledger.reserve("model:gpt-4o:month", month, tokens, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
		assertThat(ledger.reserve("model:gpt-4o:month", month, tokens, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
		// 300 tokens reserved by calls in flight: no room for a fourth
		assertThat(ledger.reserve("model:gpt-4o:month", month, tokens, ESTIMATE, () -> QuotaLedger.Use.NONE)).isFalse();

		ledger.settle("model:gpt-4o:month", month, ESTIMATE, 20, new BigDecimal("0.0002"));
		ledger.release("model:gpt-4o:month", month, ESTIMATE);

		QuotaLedger.Counter counter = ledger.counter("model:gpt-4o:month", month).orElseThrow();
		assertThat(counter.used().calls()).isEqualTo(1);
		assertThat(counter.used().tokens()).isEqualTo(20);
		assertThat(counter.used().cost()).isEqualByComparingTo("0.0002");
		assertThat(counter.reserved().calls()).isEqualTo(1);
		assertThat(counter.reserved().tokens()).isEqualTo(100);
		assertThat(ledger.reserve("model:gpt-4o:month", month, tokens, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aNewWindowStartsFromNothingAndARunsBudgetFromWhatItUsedBefore(String database, QuotaLedger ledger) {
		QuotaLedger.Limits twoCalls = new QuotaLedger.Limits(2L, null, null);
		Instant monday = Instant.parse("2026-12-07T00:00:00Z");
		Instant tuesday = Instant.parse("2026-12-08T00:00:00Z");
		ledger.reserve("process:debate:day", monday, twoCalls, ESTIMATE, () -> QuotaLedger.Use.NONE);
		ledger.reserve("process:debate:day", monday, twoCalls, ESTIMATE, () -> QuotaLedger.Use.NONE);

		assertThat(ledger.reserve("process:debate:day", monday, twoCalls, ESTIMATE, () -> QuotaLedger.Use.NONE))
			.isFalse();
		assertThat(ledger.reserve("process:debate:day", tuesday, twoCalls, ESTIMATE, () -> QuotaLedger.Use.NONE))
			.isTrue();
		assertThat(ledger.reserve("run:r-1", Instant.EPOCH, twoCalls, ESTIMATE,
				() -> new QuotaLedger.Use(2, 0, BigDecimal.ZERO)))
			.isFalse();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void oneRequestIsOpenPerQuotaAndWindowAnAllowanceRaisesThatWindowsLimitAndEachWaitingCallSeesIt(String database,
			QuotaLedger ledger) {
		JdbcClient jdbc = CLIENTS.get(database);
		QuotaLedger.Limits oneCall = new QuotaLedger.Limits(1L, null, null);
		Instant today = Instant.parse("2026-12-07T00:00:00Z");
		assertThat(ledger.reserve("group:ops:day", today, oneCall, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
		ledger.settle("group:ops:day", today, ESTIMATE, 10, BigDecimal.ZERO);
		assertThat(ledger.reserve("group:ops:day", today, oneCall, ESTIMATE, () -> QuotaLedger.Use.NONE)).isFalse();
		openRequest(jdbc, "first", today);

		assertThatThrownBy(() -> openRequest(jdbc, "second", today)).isInstanceOf(DuplicateKeyException.class);
		QuotaRequestWaits waits = new QuotaRequestWaits(jdbc,
				new StaticListableBeanFactory().getBeanProvider(Clock.class));
		QuotaRequests requests = new QuotaRequests(jdbc,
				new StaticListableBeanFactory().getBeanProvider(RuntimeService.class), null,
				new QuotaRequestProperties("camunda-admin", Duration.ofMinutes(1)),
				new StaticListableBeanFactory().getBeanProvider(Clock.class), waits);
		// two calls of one run wait for the request; the first looks again
		waits.waited("first", new QuotaRequests.Asker("run-1", "run-1", "Task_Answer", "task-a", "researcher"));
		waits.waited("first", new QuotaRequests.Asker("run-1", "run-1", "Task_Answer", "task-a", "researcher"));
		waits.waited("first", new QuotaRequests.Asker("run-1", "run-1", "Task_Answer", "task-b", "writer"));
		assertThat(requests.decide("first", "ann", true, new QuotaLedger.Use(2, 0, BigDecimal.ZERO), "ok")).isTrue();
		assertThat(waits.ofRun("run-1")).extracting((wait) -> wait.agent() + ":" + wait.request().decision())
			.containsExactlyInAnyOrder("researcher:allow", "writer:allow");
		assertThat(waits.ofRun("run-2")).isEmpty();
		assertThat(requests.decide("first", "bob", false, QuotaLedger.Use.NONE, "too late")).isFalse();

		assertThat(ledger.reserve("group:ops:day", today, oneCall, ESTIMATE, () -> QuotaLedger.Use.NONE)).isTrue();
		QuotaLedger.Counter counter = ledger.counter("group:ops:day", today).orElseThrow();
		assertThat(counter.extra().calls()).isEqualTo(2);
		assertThat(counter.raisedBy()).isEqualTo("ann");
		assertThat(requests.of("group:ops:day", today)).singleElement().satisfies((request) -> {
			assertThat(request.decision()).isEqualTo("allow");
			assertThat(request.decidedBy()).isEqualTo("ann");
		});
		// decided, the window may open a new request
		openRequest(jdbc, "third", today);
	}

	private static void openRequest(JdbcClient jdbc, String id, Instant window) {
		jdbc.sql("""
				INSERT INTO quota_request (id, quota_key, window_start, open_key, asked_at)
				VALUES (:id, 'group:ops:day', :window, :open, :window)
				""")
			.param("id", id)
			.param("window", Timestamp.from(window))
			.param("open", "group:ops:day@" + window)
			.update();
	}

}
