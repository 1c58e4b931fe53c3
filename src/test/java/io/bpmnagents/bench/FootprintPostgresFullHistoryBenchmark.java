package io.bpmnagents.bench;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Footprint on PostgreSQL with history level {@code full}, the earlier default. */
@TestPropertySource(properties = "camunda.bpm.history-level=full")
class FootprintPostgresFullHistoryBenchmark extends PostgresFootprintBenchmark {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database(registry, "footprint_full");
	}

	@Override
	String label() {
		return "full";
	}

}
