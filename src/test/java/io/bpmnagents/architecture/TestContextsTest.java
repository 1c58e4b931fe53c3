package io.bpmnagents.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda's REST API and webapps find a process engine by name in one registry for the
 * whole JVM, and their unnamed paths mean the engine named "default". A test context that
 * brings a database of its own under the name "default" takes the REST calls of every
 * other context into its database; a second context on the shared end-to-end database
 * also runs a second worker that takes other tests' tasks. Both failed whole packages of
 * end-to-end tests at once, far from their cause, so the rule is checked here.
 */
class TestContextsTest {

	private static final Path TESTS = Path.of("src", "test", "java", "io", "bpmnagents");

	/** The shared end-to-end context: its engine is the default one. */
	private static final Path SHARED = TESTS.resolve(Path.of("support", "EndToEndTest.java"));

	@Test
	void aTestContextWithADatabaseOfItsOwnNamesItsEngine() throws IOException {
		assertThat(sources().filter((file) -> !file.equals(SHARED))
			.filter((file) -> read(file).contains("spring.datasource.url"))
			.filter((file) -> !read(file).contains("camunda.bpm.process-engine-name"))
			.toList()).as("test contexts with a database of their own but the engine name 'default'").isEmpty();
	}

	@Test
	void aTestThatChangesTheSharedEndToEndContextMakesAContextOfItsOwn() throws IOException {
		assertThat(sources().filter((file) -> {
			String source = read(file);
			boolean shared = source.contains("@EndToEndTest") || source.contains("extends EndToEndApiTest");
			boolean changes = source.contains("@TestPropertySource") || source.contains("@DynamicPropertySource");
			return shared && changes && !(source.contains("spring.datasource.url")
					&& source.contains("camunda.bpm.process-engine-name"));
		}).toList())
			.as("tests that add settings to the shared end-to-end context without a database and engine of their own")
			.isEmpty();
	}

	private static Stream<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(TESTS)) {
			List<Path> java = files.filter((file) -> file.toString().endsWith(".java"))
				// the benchmarks run one class per JVM (-Pbench -Dtest=...)
				.filter((file) -> !file.startsWith(TESTS.resolve("bench")))
				.toList();
			return java.stream();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
