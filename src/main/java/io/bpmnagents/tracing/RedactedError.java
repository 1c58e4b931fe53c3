package io.bpmnagents.tracing;

import io.bpmnagents.transcript.Secrets;

/**
 * What a span records of a failure: the failure's class, its message and its causes'
 * messages with credentials removed ({@link Secrets}, as in the transcript), and its
 * stack frames. A model client's error can quote the request's URL, key or Authorization
 * header, and spans leave the app for whatever collector is configured.
 */
final class RedactedError extends RuntimeException {

	private final String type;

	private RedactedError(Throwable error, String message) {
		super(message, (error.getCause() != null && error.getCause() != error) ? of(error.getCause()) : null, false,
				true);
		this.type = error.getClass().getName();
		setStackTrace(error.getStackTrace());
	}

	static RedactedError of(Throwable error) {
		return (error instanceof RedactedError redacted) ? redacted
				: new RedactedError(error, Secrets.redact(error.getMessage()));
	}

	/** The failure's own class name, for the span's {@code error.type}. */
	String type() {
		return this.type;
	}

	/** As the failure would print itself, credentials removed. */
	@Override
	public String toString() {
		String message = getLocalizedMessage();
		return (message != null) ? this.type + ": " + message : this.type;
	}

}
