package io.bpmnagents.ask;

import org.springframework.http.HttpStatus;

/** The refusals of a direct question, each answered with its own status. */
final class AskExceptions {

	private AskExceptions() {
	}

	/** A refusal, with the status and title it is answered with. */
	abstract static class Refusal extends RuntimeException {

		private final HttpStatus status;

		private final String title;

		Refusal(HttpStatus status, String title, String message) {
			super(message);
			this.status = status;
			this.title = title;
		}

		HttpStatus status() {
			return this.status;
		}

		String title() {
			return this.title;
		}

	}

	/** The person may not ask agents directly. */
	static class NotAllowed extends Refusal {

		NotAllowed(String message) {
			super(HttpStatus.FORBIDDEN, "Not allowed", message);
		}

	}

	/** No agent by that name. */
	static class NoSuchAgent extends Refusal {

		NoSuchAgent(String name) {
			super(HttpStatus.NOT_FOUND, "Agent not found",
					"There is no agent named '" + name + "'. GET /api/agents lists them.");
		}

	}

	/** The question cannot be asked as given. */
	static class InvalidQuestion extends Refusal {

		InvalidQuestion(String message) {
			super(HttpStatus.BAD_REQUEST, "Invalid question", message);
		}

	}

	/** The agent's answer needs what a direct question cannot give. */
	static class Unanswerable extends Refusal {

		Unanswerable(String message) {
			super(HttpStatus.CONFLICT, "Not answerable directly", message);
		}

	}

}
