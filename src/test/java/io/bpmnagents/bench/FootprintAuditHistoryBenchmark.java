package io.bpmnagents.bench;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Footprint with the default history level, {@code audit}. */
class FootprintAuditHistoryBenchmark extends H2FootprintBenchmark {

	private static final Path FOLDER = Path.of("target/bench-footprint-audit");

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database(registry, FOLDER);
	}

	@Override
	String label() {
		return "audit (default)";
	}

	@Override
	int runs() {
		return 400;
	}

	@Override
	Path databaseFolder() {
		return FOLDER;
	}

}
