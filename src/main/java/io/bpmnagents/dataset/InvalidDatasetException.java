package io.bpmnagents.dataset;

/**
 * A dataset's cases that cannot be taken: where (a line of the file, a case of the
 * request, a run) and what is wrong. Nothing of the request was stored.
 */
class InvalidDatasetException extends RuntimeException {

	private final Integer line;

	InvalidDatasetException(String message) {
		this(null, message);
	}

	InvalidDatasetException(Integer line, String message) {
		super(message);
		this.line = line;
	}

	/** The line of the JSON Lines file, 1 for the first; null when not from a file. */
	Integer line() {
		return this.line;
	}

}
