package io.bpmnagents.llm;

import java.time.Duration;
import java.util.Optional;

import dev.langchain4j.exception.HttpException;

/**
 * An HTTP 429 from the model server, with the wait its {@code retry-after-ms} or
 * {@code Retry-After} header asked for. langchain4j's own exception keeps only status and
 * body; this one keeps the wait so that {@link ModelClient} can hold that model's calls
 * back for exactly as long as the server asked.
 */
class RateLimitedException extends HttpException {

	private final Duration retryAfter;

	RateLimitedException(String body, Duration retryAfter) {
		super(429, body);
		this.retryAfter = retryAfter;
	}

	Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
