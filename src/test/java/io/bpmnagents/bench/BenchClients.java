package io.bpmnagents.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.support.ApiClient;

/**
 * API clients that start runs as {@link ApiClient} does, on threads the CPU figure can
 * tell apart ({@link StepCpu#clientThread}): the JDK's HTTP client with its work on those
 * threads, not Spring's RestClient, which makes two threads of its own per request. Its
 * threads have ended when {@link #startAll} returns, so their CPU is all counted.
 */
final class BenchClients {

	private final ObjectMapper json = new ObjectMapper();

	private final URI runs;

	private final String authorization;

	BenchClients(int port) {
		this.runs = URI.create("http://localhost:" + port + "/api/runs");
		this.authorization = "Basic " + Base64.getEncoder()
			.encodeToString((ApiClient.USER + ":" + ApiClient.PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	/** Starts {@code runs} runs of {@code process} from {@code clients} clients. */
	List<String> startAll(int runs, int clients, String process, Map<String, Object> input) throws Exception {
		return startAll(runs, clients, process, input, (id) -> {
		});
	}

	/**
	 * Starts {@code runs} runs of {@code process} from {@code clients} clients and tells
	 * {@code started} each run's id as soon as it is started.
	 */
	List<String> startAll(int runs, int clients, String process, Map<String, Object> input, Consumer<String> started)
			throws Exception {
		AtomicInteger named = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(clients + 2,
				(runnable) -> StepCpu.clientThread(runnable, named.incrementAndGet()));
		ExecutorService starters = Executors.newFixedThreadPool(clients,
				(runnable) -> StepCpu.clientThread(runnable, named.incrementAndGet()));
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();
		byte[] body = this.json.writeValueAsBytes(Map.of("process", process, "input", input));
		try {
			return PerformanceBenchmark.startMany(runs, starters, () -> {
				String id = start(http, body);
				started.accept(id);
				return id;
			});
		}
		finally {
			threads.shutdown();
			starters.awaitTermination(1, TimeUnit.MINUTES);
			threads.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private String start(HttpClient http, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(this.runs)
			.header("Content-Type", "application/json")
			.header("Authorization", this.authorization)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 201) {
			throw new AssertionError("Run not started: " + response.statusCode() + " "
					+ new String(response.body(), StandardCharsets.UTF_8));
		}
		return this.json.readTree(response.body()).path("id").asText();
	}

}
