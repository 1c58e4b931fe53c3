package io.bpmnagents.quota;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.List;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hot path: a call that no quota counts never reaches the database, nor does any call
 * when no quota is configured. The database here refuses every connection, so a query
 * would fail the test.
 */
class QuotasTest {

	private static final QuotaLedger.Estimate ESTIMATE = new QuotaLedger.Estimate(100, BigDecimal.ZERO);

	private final QuotaLedger ledger = new QuotaLedger(JdbcClient.create(new NoDatabase()));

	private Quotas quotas(QuotaProperties.Quota... configured) {
		return new Quotas(new QuotaProperties(List.of(configured)), this.ledger, null,
				new StaticListableBeanFactory().getBeanProvider(java.time.Clock.class));
	}

	@Test
	void withNoQuotaConfiguredACallReservesNothingAndAsksNoDatabase() {
		assertThat(quotas().reserve("run-1", "debate", "gpt-4o", ESTIMATE)).isSameAs(Reservation.NONE);
	}

	@Test
	void aCallOfAnotherProcessAndModelThanTheQuotasNameAsksNoDatabase() {
		Quotas quotas = quotas(quota(QuotaProperties.Scope.PROCESS, "debate"),
				quota(QuotaProperties.Scope.MODEL, "gpt-4o"));

		assertThat(quotas.reserve("run-1", "routing", "gpt-4o-mini", ESTIMATE)).isSameAs(Reservation.NONE);
		assertThatThrownBy(() -> quotas.reserve("run-1", "debate", "gpt-4o-mini", ESTIMATE))
			.hasRootCauseMessage("no query expected");
	}

	@Test
	void aQuotaWithoutLimitOrRepeatedIsRefusedAtStartSayingWhatToSet() {
		assertThatThrownBy(() -> new QuotaProperties(List.of(new QuotaProperties.Quota(QuotaProperties.Scope.USER,
				"ann", QuotaProperties.Period.DAY, null, null, null, QuotaProperties.OnExhausted.ERROR))))
			.hasMessageContaining("bpmn-agents.quotas[0] (user:ann:day) sets no limit");
		assertThatThrownBy(() -> new QuotaProperties(
				List.of(quota(QuotaProperties.Scope.MODEL, "gpt-4o"), quota(QuotaProperties.Scope.MODEL, "gpt-4o"))))
			.hasMessageContaining("repeats the quota model:gpt-4o:day");
	}

	private static QuotaProperties.Quota quota(QuotaProperties.Scope scope, String name) {
		return new QuotaProperties.Quota(scope, name, QuotaProperties.Period.DAY, 10L, null, null,
				QuotaProperties.OnExhausted.ERROR);
	}

	/** A database that fails any attempt to use it. */
	private static final class NoDatabase implements DataSource {

		@Override
		public Connection getConnection() {
			throw new IllegalStateException("no query expected");
		}

		@Override
		public Connection getConnection(String username, String password) {
			throw new IllegalStateException("no query expected");
		}

		@Override
		public PrintWriter getLogWriter() {
			return null;
		}

		@Override
		public void setLogWriter(PrintWriter out) {
		}

		@Override
		public void setLoginTimeout(int seconds) {
		}

		@Override
		public int getLoginTimeout() {
			return 0;
		}

		@Override
		public Logger getParentLogger() {
			return Logger.getGlobal();
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean isWrapperFor(Class<?> type) {
			return false;
		}

	}

}
