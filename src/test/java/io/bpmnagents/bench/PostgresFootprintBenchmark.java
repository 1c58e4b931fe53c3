package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

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
				"camunda.bpm.webapp.enabled=false", "bpmn-agents.cleanup.min-age=0s" })
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
	Duration freedSpaceRetention() {
		return Duration.ZERO;
	}

	@Override
	String database() {
		return "PostgreSQL database";
	}

	@Override
	long databaseBytes() {
		return this.jdbc.sql("SELECT pg_database_size(current_database())").query(Long.class).single();
	}

	/** What autovacuum would do in time: the space of deleted rows becomes reusable. */
	@Override
	void reclaim() {
		this.jdbc.sql("VACUUM").update();
	}

	/**
	 * PostgreSQL's size is its files'; after {@link #reclaim()} their free space is
	 * reused.
	 */
	@Override
	long liveBytes() {
		return -1;
	}

	@Override
	Map<String, Long> partBytes() {
		Map<String, Long> parts = new TreeMap<>();
		this.jdbc
			.sql("""
					SELECT CASE WHEN c.relname IN ('agent_call', 'tool_call', 'run_workspace', 'run_input') THEN 'app (transcript etc.)'
					  WHEN c.relname LIKE 'act\\_hi\\_%' THEN 'engine history' WHEN c.relname LIKE 'act\\_ru\\_%' THEN 'engine runtime'
					  ELSE 'other' END AS part, SUM(pg_total_relation_size(c.oid)) AS bytes
					FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					WHERE n.nspname = current_schema() AND c.relkind = 'r' GROUP BY 1
					""")
			.query((rs) -> {
				parts.put(rs.getString("part"), rs.getLong("bytes"));
			});
		return parts;
	}

	@Override
	int runs() {
		return 150;
	}

}
