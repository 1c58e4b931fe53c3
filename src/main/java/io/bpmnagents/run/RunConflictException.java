package io.bpmnagents.run;

/**
 * A request the run's state does not allow now (it has ended, takes no messages, has
 * nothing to retry): answered {@code 409 Conflict} by {@link ProblemHandler} with this
 * title and the message, which says what the person can do instead. One handler for all
 * of them, so each refusal only names itself.
 */
public abstract class RunConflictException extends RuntimeException {

	private final String title;

	protected RunConflictException(String title, String message) {
		super(message);
		this.title = title;
	}

	/** The problem's title: what is in the way, in a few words. */
	public String title() {
		return this.title;
	}

}
