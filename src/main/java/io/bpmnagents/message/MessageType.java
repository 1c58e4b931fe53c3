package io.bpmnagents.message;

/**
 * How a message travels between the agents of a run, as the reference's message bus
 * delivers them.
 */
public enum MessageType {

	/** To one named agent; it reads it in its next model call. */
	DIRECT,

	/**
	 * To every agent of the run but the sender; each reads it in its next model call.
	 */
	BROADCAST,

	/** A question to one agent that waits for its answer ({@code ask_agent}). */
	REQUEST,

	/**
	 * The answer to a {@link #REQUEST}, read by the asking agent as its tool's result.
	 */
	REPLY

}
