package io.bpmnagents.run;

/** No run with that id. */
class RunNotFoundException extends RuntimeException {

	RunNotFoundException(String id) {
		super("No run with id '" + id + "'.");
	}

	/** No run with this id, and why: the id names something else. */
	RunNotFoundException(String id, String why) {
		super("No run with id '" + id + "': " + why);
	}

}
