package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The latency and concurrency figures on a real PostgreSQL server (binaries from Maven),
 * as in production: the same benchmark as on H2, only the database differs. Its lines say
 * {@code [PostgreSQL]}.
 */
@ActiveProfiles("postgres")
@DirtiesContext
class PerformancePostgresBenchmark extends PerformanceBenchmark {

	private static final EmbeddedPostgres postgres = start();

	/** Dynamic properties win over the H2 URL that the benchmark's annotation sets. */
	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
	}

	@Override
	String database() {
		return "PostgreSQL";
	}

	@Override
	void handoverStarts() {
		if (PostgresStatements.asked()) {
			PostgresStatements.reset(this.jdbc);
		}
	}

	@Override
	void handoverEnded(int steps) {
		if (PostgresStatements.asked()) {
			try {
				PostgresStatements.print(this.jdbc, database(), steps);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static EmbeddedPostgres start() {
		try {
			return PostgresStatements.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
