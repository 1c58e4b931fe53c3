package io.bpmnagents.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * The database of {@link AsUsersRunItBenchmark}'s node, chosen with
 * {@code -Dbench.database}: {@code h2-file} (the default, the product's default: an H2
 * file in the node's JVM), {@code h2-mem} (H2 in memory in the node's JVM) or
 * {@code postgres} (PostgreSQL apart, as production runs it: the server's own processes,
 * started here from the embedded binaries that the other PostgreSQL benchmarks use). When
 * the database runs apart its CPU is not in the node's process, so it is read from its
 * processes ({@link ProcessTreeCpu}).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
final class NodeDatabase implements AutoCloseable {

	static final String PROPERTY = "bench.database";

	/**
	 * The settings of the default's H2 file, {@code spring.datasource.url} in
	 * application.yml.
	 */
	private static final String H2_FILE_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256;CACHE_SIZE=65536";

	private final String label;

	private final String description;

	private final List<String> nodeArguments;

	private final EmbeddedPostgres postgres;

	private final ProcessTreeCpu server;

	/**
	 * The database that {@code -Dbench.database} names, started if it runs apart; an H2
	 * file goes into {@code folder}.
	 */
	static NodeDatabase start(Path folder) throws IOException, SQLException {
		String name = System.getProperty(PROPERTY, "h2-file");
		return switch (name) {
			case "h2-file" -> {
				// -Dbench.h2-file.options=…: other settings than the default's, to try
				// them.
				String options = System.getProperty("bench.h2-file.options", H2_FILE_OPTIONS);
				yield new NodeDatabase("H2",
						"an H2 file in the node's JVM, "
								+ (options.equals(H2_FILE_OPTIONS) ? "the default's settings" : "settings " + options),
						List.of("--spring.datasource.url=jdbc:h2:file:" + folder.resolve("bpmn-agents") + options),
						null, null);
			}
			case "h2-mem" -> new NodeDatabase("H2 in memory",
					"H2 in memory in the node's JVM, the default's statement cache",
					List.of("--spring.datasource.url=jdbc:h2:mem:bpmn-agents;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256"),
					null, null);
			case "postgres" -> postgres();
			default -> throw new IllegalArgumentException(
					"-D" + PROPERTY + "=" + name + " is none of h2-file (the default), h2-mem, postgres");
		};
	}

	/**
	 * PostgreSQL as a production user runs it (docs/operations.md, "PostgreSQL"): the
	 * {@code postgres} profile with a URL, user and password, and the pool left at Spring
	 * Boot's Hikari default of 10. The embedded server turns synchronous_commit off for
	 * tests; it is set back to the server's default, on, as a real server has it.
	 */
	private static NodeDatabase postgres() throws IOException, SQLException {
		EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement();
				ResultSet result = statement
					.executeQuery("SELECT current_setting('server_version'), pg_backend_pid()")) {
			result.next();
			// Every backend is a child of the postmaster, this connection's too.
			long postmaster = ProcessHandle.of(result.getLong(2))
				.flatMap(ProcessHandle::parent)
				.orElseThrow(() -> new IllegalStateException("PostgreSQL's postmaster was not found"))
				.pid();
			return new NodeDatabase("PostgreSQL apart",
					"PostgreSQL " + result.getString(1) + " in processes of its own (postmaster " + postmaster
							+ "), profile postgres, Hikari's default pool of 10, synchronous_commit on",
					List.of("--spring.profiles.active=postgres",
							"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
							"--spring.datasource.username=postgres", "--spring.datasource.password=postgres"),
					postgres, new ProcessTreeCpu(postmaster));
		}
		catch (SQLException | RuntimeException ex) {
			postgres.close();
			throw ex;
		}
	}

	/** How the benchmark's lines name it. */
	String label() {
		return this.label;
	}

	/** What it is and how the node uses it, for the benchmark's first line. */
	String description() {
		return this.description;
	}

	/** The node's command-line arguments that point it at this database. */
	List<String> nodeArguments() {
		return this.nodeArguments;
	}

	/** Whether it runs in processes of its own, whose CPU {@link #cpu()} reads. */
	boolean apart() {
		return this.server != null;
	}

	/** The CPU of the database's own processes so far; only when {@link #apart()}. */
	ProcessTreeCpu.Reading cpu() {
		if (this.server == null) {
			throw new IllegalStateException("The database runs in the node's JVM; its CPU is the node's");
		}
		return this.server.read();
	}

	@Override
	public void close() throws IOException {
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

}
