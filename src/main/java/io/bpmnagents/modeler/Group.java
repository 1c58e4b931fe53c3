package io.bpmnagents.modeler;

/** The groups a template's fields are shown in, in this order. */
enum Group {

	AGENT("agent", "Agent"), OUTPUT("output", "Answer"), EXECUTION("execution", "Execution"),
	APPROVAL("approval", "Approval");

	private final String id;

	private final String label;

	Group(String id, String label) {
		this.id = id;
		this.label = label;
	}

	String id() {
		return this.id;
	}

	String label() {
		return this.label;
	}

}
