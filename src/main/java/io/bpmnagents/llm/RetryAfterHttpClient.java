package io.bpmnagents.llm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * langchain4j's HTTP client on the JDK's, as langchain4j's own JDK client, except that an
 * HTTP 429 keeps the server's {@code Retry-After}. The JDK client has no connection limit
 * and sends from the calling thread, so it does not cap how many calls wait at once.
 * HTTP/1.1: one connection per waiting call, never a cap on streams per connection.
 * Streaming answers are not used.
 */
class RetryAfterHttpClient implements dev.langchain4j.http.client.HttpClient {

	private final HttpClient http;

	private final Duration readTimeout;

	RetryAfterHttpClient(Duration connectTimeout, Duration readTimeout) {
		HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
		if (connectTimeout != null) {
			builder.connectTimeout(connectTimeout);
		}
		this.http = builder.build();
		this.readTimeout = readTimeout;
	}

	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) throws HttpException {
		java.net.http.HttpRequest.Builder jdk = java.net.http.HttpRequest.newBuilder(URI.create(request.url()))
			.method(request.method().name(),
					(request.body() != null) ? java.net.http.HttpRequest.BodyPublishers.ofString(request.body())
							: java.net.http.HttpRequest.BodyPublishers.noBody());
		if (this.readTimeout != null) {
			jdk.timeout(this.readTimeout);
		}
		request.headers().forEach((name, values) -> values.forEach((value) -> jdk.header(name, value)));
		HttpResponse<String> response;
		try {
			response = this.http.send(jdk.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpTimeoutException ex) {
			throw new TimeoutException(ex);
		}
		catch (IOException ex) {
			throw new RuntimeException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RuntimeException(ex);
		}
		int status = response.statusCode();
		if (status == 429) {
			throw new RateLimitedException(response.body(), retryAfter(response).orElse(null));
		}
		if (status < 200 || status >= 300) {
			throw new HttpException(status, response.body());
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(status)
			.headers(response.headers().map())
			.body(response.body())
			.build();
	}

	/** {@code retry-after-ms} (OpenAI) first, then {@code Retry-After} in seconds. */
	static Optional<Duration> retryAfter(HttpResponse<?> response) {
		Optional<Duration> millis = response.headers()
			.firstValue("retry-after-ms")
			.flatMap((value) -> parse(value, false));
		return millis.isPresent() ? millis
				: response.headers().firstValue("retry-after").flatMap((value) -> parse(value, true));
	}

	/** A header's wait, in seconds or milliseconds; empty if it is not a number. */
	static Optional<Duration> parse(String value, boolean seconds) {
		try {
			double amount = Double.parseDouble(value.trim());
			if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
				return Optional.empty();
			}
			return Optional.of(Duration.ofMillis((long) (seconds ? amount * 1000 : amount)));
		}
		catch (NumberFormatException ex) {
			// An HTTP date, which model servers do not send; the default pause applies.
			return Optional.empty();
		}
	}

	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		throw new UnsupportedOperationException("Streaming model calls are not used");
	}

	/** Hands the client to langchain4j's OpenAI model builder. */
	static class Builder implements HttpClientBuilder {

		private Duration connectTimeout;

		private Duration readTimeout;

		@Override
		public Duration connectTimeout() {
			return this.connectTimeout;
		}

		@Override
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = timeout;
			return this;
		}

		@Override
		public Duration readTimeout() {
			return this.readTimeout;
		}

		@Override
		public Builder readTimeout(Duration timeout) {
			this.readTimeout = timeout;
			return this;
		}

		@Override
		public RetryAfterHttpClient build() {
			return new RetryAfterHttpClient(this.connectTimeout, this.readTimeout);
		}

	}

}
