package io.bpmnagents.bench;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Footprint with history level {@code full}, the earlier default. */
@TestPropertySource(properties = "camunda.bpm.history-level=full")
class FootprintFullHistoryBenchmark extends H2FootprintBenchmark {

	private static final Path FOLDER = Path.of("target/bench-footprint-full");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database(registry, FOLDER);
	}

	@Override
	String label() {
		return "full";
	}

	@Override
	int runs() {
		return 150;
	}

	@Override
	Path databaseFolder() {
		return FOLDER;
	}

}
