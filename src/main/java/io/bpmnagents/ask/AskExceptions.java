package io.bpmnagents.ask;

/** The refusals of a direct question, each answered with its own status. */
final class AskExceptions {

	private AskExceptions() {
	}

	/** The person may not ask agents directly; 403. */
	static class NotAllowed extends RuntimeException {

		NotAllowed(String message) {
			super(message);
		}

	}

	/** No agent by that name; 404. */
	static class NoSuchAgent extends RuntimeException {

		NoSuchAgent(String name) {
			super("There is no agent named '" + name + "'. GET /api/agents lists them.");
		}

	}

	/** The question cannot be asked as given; 400. */
	static class InvalidQuestion extends RuntimeException {

		InvalidQuestion(String message) {
			super(message);
		}

	}

	/** The agent's answer needs what a direct question cannot give; 409. */
	static class Unanswerable extends RuntimeException {

		Unanswerable(String message) {
			super(message);
		}

	}

}
