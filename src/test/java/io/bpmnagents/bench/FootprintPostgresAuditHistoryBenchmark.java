package io.bpmnagents.bench;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Footprint on PostgreSQL with the default history level, {@code audit}. */
class FootprintPostgresAuditHistoryBenchmark extends PostgresFootprintBenchmark {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		database(registry, "footprint_audit");
	}

	@Override
	String label() {
		return "audit (default)";
	}

}
