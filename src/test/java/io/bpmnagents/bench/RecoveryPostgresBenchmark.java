package io.bpmnagents.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The recovery figure on a real PostgreSQL server (binaries from Maven), as in
 * production: the benchmark's JVM runs the server, so it outlives the node that is
 * killed. Its lines say {@code [PostgreSQL]}.
 */
class RecoveryPostgresBenchmark extends RecoveryBenchmark {

	private static EmbeddedPostgres postgres;

	@BeforeAll
	static void startServer() throws IOException {
		postgres = EmbeddedPostgres.start();
	}

	@AfterAll
	static void stopServer() throws IOException {
		postgres.close();
	}

	@Override
	String database() {
		return "PostgreSQL";
	}

	@Override
	List<String> databaseArguments(Path folder) {
		return List.of("--spring.profiles.active=postgres",
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres");
	}

}
