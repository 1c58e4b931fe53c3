package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.bpmnagents.support.ApiClient;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Footprint on an H2 file database, the default: each subclass has a folder of its own,
 * emptied before its context starts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD, "llm.provider=simulator",
				// The runs are cleaned up seconds after they end.
				"bpmn-agents.cleanup.min-age=0s" })
@Import(ApiClient.class)
abstract class H2FootprintBenchmark extends FootprintBenchmark {

	/**
	 * Each folder's database URL: the folder is emptied once, however often it is asked.
	 */
	private static final Map<Path, String> URLS = new ConcurrentHashMap<>();

	/** The app's database: a new H2 file in the subclass's folder. */
	static void database(DynamicPropertyRegistry registry, Path folder) {
		String url = URLS.computeIfAbsent(folder, H2FootprintBenchmark::freshH2File);
		registry.add("spring.datasource.url", () -> url);
	}

	/** Empties the folder and returns the URL of a new H2 file database in it. */
	private static String freshH2File(Path folder) {
		try {
			if (Files.exists(folder)) {
				try (Stream<Path> files = Files.list(folder)) {
					for (Path file : files.toList()) {
						Files.delete(file);
					}
				}
			}
			Files.createDirectories(folder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return "jdbc:h2:file:" + folder.toAbsolutePath().resolve("db");
	}

}
