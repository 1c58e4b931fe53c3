package io.bpmnagents.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpmnagents.BpmnAgentsApplication;
import io.bpmnagents.support.ApiClient;

/**
 * The real application in a JVM of its own, started with this JVM's Java and class path,
 * so that a benchmark can kill it as a crash would ({@code kill -9}) and start it again
 * on the same database. Its output goes to a log file, not to the benchmark's.
 */
final class ApplicationProcess {

	static final String USER = "admin";

	/**
	 * {@link ApiClient}'s, so that {@link BenchClients} can start runs on this node too.
	 */
	static final String PASSWORD = ApiClient.PASSWORD;

	private static final ObjectMapper json = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String authorization = "Basic "
			+ Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

	private final Process process;

	private final int port;

	private final Path log;

	private final Thread killOnExit;

	private ApplicationProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
		// Never leave a node running behind a benchmark that failed or was interrupted.
		this.killOnExit = new Thread(process::destroyForcibly, "kill-benchmark-node");
		Runtime.getRuntime().addShutdownHook(this.killOnExit);
	}

	/**
	 * Starts the application with the given arguments on {@code port}; returns at once,
	 * see {@link #awaitReady(Duration)}.
	 */
	static ApplicationProcess start(int port, List<String> arguments, Path log) {
		List<String> application = new ArrayList<>();
		application.add("--camunda.bpm.admin-user.password=" + PASSWORD);
		// The built-in simulator unless the arguments name a provider: a property given
		// twice on the command line would be read as both values joined.
		if (arguments.stream().noneMatch((argument) -> argument.startsWith("--llm.provider="))) {
			application.add("--llm.provider=simulator");
		}
		application.addAll(arguments);
		return start(BpmnAgentsApplication.class, port, application, log);
	}

	/**
	 * Starts {@code main} (the application or another main class on the test class path)
	 * with the given arguments on {@code port}; returns at once.
	 */
	static ApplicationProcess start(Class<?> main, int port, List<String> arguments, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (main == BpmnAgentsApplication.class) {
			command.addAll(nodeDiagnostics());
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.add("--server.port=" + port);
		command.addAll(arguments);
		try {
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new ApplicationProcess(process, port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a benchmark may ask of the node's JVM to see where its time goes, nothing
	 * unless asked: {@code -Dbench.node-jfr=file} records the node with JFR's "profile"
	 * settings and stacks deep enough for the engine's, written when the node stops (read
	 * it with {@code jfr print} or {@code jfr summary}); JFR options may follow the file,
	 * e.g. {@code node.jfr,jdk.ThreadPark#threshold=1ms}. {@code -Dbench.node-jvm="..."}
	 * adds JVM options, space-separated, e.g. {@code -Dlogging.level.x=DEBUG} for
	 * timestamps of the node's steps in its log.
	 */
	private static List<String> nodeDiagnostics() {
		List<String> options = new ArrayList<>();
		String jfr = System.getProperty("bench.node-jfr", "");
		if (!jfr.isBlank()) {
			options.add("-XX:FlightRecorderOptions:stackdepth=512");
			options.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
		}
		String jvm = System.getProperty("bench.node-jvm", "");
		if (!jvm.isBlank()) {
			options.addAll(List.of(jvm.trim().split("\\s+")));
		}
		return options;
	}

	/** A port nobody listens on now (never 8080, which others use on this machine). */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until the readiness probe answers 200: processes deployed, worker started,
	 * {@code /api} open.
	 */
	void awaitReady(Duration atMost) throws InterruptedException {
		awaitReady("/actuator/health/readiness", atMost);
	}

	/** Waits until {@code path} answers 200. */
	void awaitReady(String path, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("The application exited (code " + this.process.exitValue()
						+ ") before it was ready; see " + this.log);
			}
			try {
				HttpResponse<String> response = this.http.send(request(path).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException notListeningYet) {
				// The port opens late in the start.
			}
			Thread.sleep(100);
		}
		throw new AssertionError("The application was not ready within " + atMost + "; see " + this.log);
	}

	/**
	 * CPU time the node's JVM has used so far, all threads; zero where the system does
	 * not tell.
	 */
	Duration cpuTime() {
		return this.process.info().totalCpuDuration().orElse(Duration.ZERO);
	}

	int port() {
		return this.port;
	}

	/** SIGKILL: no shutdown hook, no lock given back, no answer recorded. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("The killed application is still alive");
		}
		Runtime.getRuntime().removeShutdownHook(this.killOnExit);
	}

	/** SIGTERM, as an orderly stop; killed if it takes too long. */
	void stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		Runtime.getRuntime().removeShutdownHook(this.killOnExit);
	}

	JsonNode get(String path) throws IOException, InterruptedException {
		return send(request(path).GET().build(), 200);
	}

	JsonNode post(String path, Object body) throws IOException, InterruptedException {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build(), 201);
	}

	JsonNode put(String path, Object body) throws IOException, InterruptedException {
		return send(request(path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
			.build(), 200);
	}

	/**
	 * The lines of a streamed answer, such as Server-Sent Events, as they arrive; the
	 * stream ends when the server ends the answer, and closing it hangs up.
	 */
	Stream<String> lines(String path) throws IOException, InterruptedException {
		HttpResponse<Stream<String>> response = this.http.send(request(path).GET().build(),
				HttpResponse.BodyHandlers.ofLines());
		if (response.statusCode() != 200) {
			response.body().close();
			throw new AssertionError("GET " + path + " answered " + response.statusCode());
		}
		return response.body();
	}

	private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != expected) {
			throw new AssertionError(request.method() + " " + request.uri() + " answered " + response.statusCode()
					+ ": " + response.body());
		}
		return json.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", this.authorization);
	}

}
