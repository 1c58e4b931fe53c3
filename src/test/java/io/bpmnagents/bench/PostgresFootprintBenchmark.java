package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import io.bpmnagents.support.ApiClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Footprint on a real PostgreSQL server (binaries from Maven). One server for the JVM;
 * each subclass's context is closed after it, while the server still runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				"camunda.bpm.webapp.enabled=false" })
@ActiveProfiles("postgres")
@DirtiesContext
@Import(ApiClient.class)
abstract class PostgresFootprintBenchmark extends FootprintBenchmark {

	private static final EmbeddedPostgres postgres = start();

	/**
	 * A new database of the server for one subclass: the engine keeps its history level
	 * in the database and will not start with another.
	 */
	static void database(DynamicPropertyRegistry registry, String name) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			if (!"42P04".equals(ex.getSQLState())) {
				// Any failure but "exists already", which a second call would meet.
				throw new IllegalStateException(ex);
			}
		}
		registry.add("DATABASE_URL", () -> postgres.getJdbcUrl("postgres", name));
		registry.add("DATABASE_USER", () -> "postgres");
		registry.add("DATABASE_PASSWORD", () -> "postgres");
	}

	private static EmbeddedPostgres start() {
		try {
			return EmbeddedPostgres.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	String database() {
		return "PostgreSQL database";
	}

	@Override
	long databaseBytes() {
		return this.jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single();
	}

	@Override
	int runs() {
		return 150;
	}

}
