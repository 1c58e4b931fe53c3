package io.bpmnagents.run;

/** No run with that id. */
class RunNotFoundException extends RuntimeException {

	RunNotFoundException(String id) {
		super("No run with id '" + id + "'.");
	}

}
