package io.bpmnagents.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Lazy;

/**
 * Follows runs' event streams ({@code GET /api/runs/{id}/events}) over HTTP as a
 * browser's EventSource would, each on a thread of its own until it ends; each event as
 * its name and, if it has one, its id ("call-started 42:start", "run-ended"). A test
 * context that imports it stops its readers when it closes.
 */
@TestComponent
@Lazy
public class EventStreams implements DisposableBean {

	private final HttpClient client = HttpClient.newHttpClient();

	private final ExecutorService readers = Executors.newCachedThreadPool();

	private final int port;

	EventStreams(@LocalServerPort int port) {
		this.port = port;
	}

	/**
	 * One stream: its status, the events seen so far, and all its events once it ended
	 * (none when it was refused).
	 */
	public record Followed(int status, List<String> seen, CompletableFuture<List<String>> ended) {
	}

	/**
	 * Opens the run's stream as this person and returns once its status arrived. Open
	 * streams one after the other: the login throttle counts passwords being checked at
	 * once against the allowance of failures.
	 */
	public Followed follow(String user, String password, String runId) throws IOException, InterruptedException {
		String credentials = Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/runs/" + runId + "/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Basic " + credentials)
			.build();
		HttpResponse<Stream<String>> response = this.client.send(request, HttpResponse.BodyHandlers.ofLines());
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		if (response.statusCode() != 200) {
			response.body().close();
			return new Followed(response.statusCode(), seen, CompletableFuture.completedFuture(List.of()));
		}
		return new Followed(200, seen, CompletableFuture.supplyAsync(() -> {
			events(response.body(), seen);
			return List.copyOf(seen);
		}, this.readers));
	}

	private static void events(Stream<String> lines, List<String> events) {
		String[] name = { null };
		String[] eventId = { null };
		lines.forEach((line) -> {
			if (line.startsWith("event:")) {
				name[0] = line.substring("event:".length()).trim();
			}
			else if (line.startsWith("id:")) {
				eventId[0] = line.substring("id:".length()).trim();
			}
			else if (line.isEmpty() && name[0] != null) {
				events.add((eventId[0] != null) ? name[0] + " " + eventId[0] : name[0]);
				name[0] = null;
				eventId[0] = null;
			}
		});
	}

	@Override
	public void destroy() {
		this.readers.shutdownNow();
	}

}
