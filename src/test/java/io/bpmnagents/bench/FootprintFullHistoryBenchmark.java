package io.bpmnagents.bench;

import java.nio.file.Path;

import io.bpmnagents.support.ApiClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Footprint with history level {@code full}, the earlier default. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				// The runs are cleaned up seconds after they end.
				"bpmn-agents.cleanup.min-age=0s", "camunda.bpm.history-level=full" })
@Import(ApiClient.class)
class FootprintFullHistoryBenchmark extends FootprintBenchmark {

	@Override
	String label() {
		return "full";
	}

	@Override
	int runs() {
		return 150;
	}

	private static final Path FOLDER = Path.of("target/bench-footprint-full");

	/** Emptied once, when the class is loaded: the supplier below may be asked often. */
	private static final String URL = freshH2File(FOLDER);

	@DynamicPropertySource
	static void freshDatabase(DynamicPropertyRegistry properties) {
		properties.add("spring.datasource.url", () -> URL);
	}

	@Override
	Path databaseFolder() {
		return FOLDER;
	}

}
