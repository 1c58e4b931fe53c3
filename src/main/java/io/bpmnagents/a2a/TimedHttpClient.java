package io.bpmnagents.a2a;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.a2a.client.http.A2AHttpClient;
import io.a2a.client.http.A2AHttpResponse;

/**
 * The SDK's HTTP client port with timeouts: the SDK's own {@code JdkA2AHttpClient} sets
 * none, so an agent that accepts a connection and never answers would hold the worker for
 * good. Every request here ends within the request timeout. Streaming (SSE) is not used:
 * the app asks with {@code message/send} and follows the task with {@code tasks/get}.
 */
final class TimedHttpClient implements A2AHttpClient {

	private final HttpClient http;

	private final Duration timeout;

	TimedHttpClient(Duration connectTimeout, Duration timeout) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		this.timeout = timeout;
	}

	@Override
	public GetBuilder createGet() {
		return new Get();
	}

	@Override
	public PostBuilder createPost() {
		return new Post();
	}

	@Override
	public DeleteBuilder createDelete() {
		return new Delete();
	}

	private abstract class Request<T extends Builder<T>> implements Builder<T> {

		private String url = "";

		private final Map<String, String> headers = new LinkedHashMap<>();

		@Override
		public T url(String url) {
			this.url = url;
			return self();
		}

		@Override
		public T addHeaders(Map<String, String> headers) {
			if (headers != null) {
				this.headers.putAll(headers);
			}
			return self();
		}

		@Override
		public T addHeader(String name, String value) {
			this.headers.put(name, value);
			return self();
		}

		@SuppressWarnings("unchecked")
		private T self() {
			return (T) this;
		}

		A2AHttpResponse send(HttpRequest.Builder builder) throws IOException, InterruptedException {
			builder.uri(URI.create(this.url)).timeout(TimedHttpClient.this.timeout);
			this.headers.forEach(builder::header);
			HttpResponse<String> response = TimedHttpClient.this.http.send(builder.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			if (response.statusCode() == 401 || response.statusCode() == 403) {
				throw new IOException(
						"HTTP " + response.statusCode() + " from " + this.url + ": the remote agent refused the login");
			}
			return new Response(response.statusCode(), response.body());
		}

		public CompletableFuture<Void> notStreaming() throws IOException {
			throw new IOException("Streaming is not used with remote agents");
		}

	}

	private final class Get extends Request<GetBuilder> implements GetBuilder {

		@Override
		public A2AHttpResponse get() throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder().GET());
		}

		@Override
		public CompletableFuture<Void> getAsyncSSE(Consumer<String> messages, Consumer<Throwable> errors,
				Runnable complete) throws IOException {
			return notStreaming();
		}

	}

	private final class Post extends Request<PostBuilder> implements PostBuilder {

		private String body = "";

		@Override
		public PostBuilder body(String body) {
			this.body = body;
			return this;
		}

		@Override
		public A2AHttpResponse post() throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(this.body)));
		}

		@Override
		public CompletableFuture<Void> postAsyncSSE(Consumer<String> messages, Consumer<Throwable> errors,
				Runnable complete) throws IOException {
			return notStreaming();
		}

	}

	private final class Delete extends Request<DeleteBuilder> implements DeleteBuilder {

		@Override
		public A2AHttpResponse delete() throws IOException, InterruptedException {
			return send(HttpRequest.newBuilder().DELETE());
		}

	}

	private record Response(int status, String body) implements A2AHttpResponse {

		@Override
		public boolean success() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
