package io.bpmnagents.stall;

/**
 * An agent stalled or loops: the task raises the BPMN escalation
 * {@value StallProperties#ESCALATION_CODE} (an incident where nothing catches it).
 */
public class AgentStalledException extends RuntimeException {

	public AgentStalledException(String message) {
		super(message);
	}

}
