package io.bpmnagents.agent;

import java.util.Collection;

/**
 * An agent name that the registry does not hold; the message names it and the known ones.
 */
public class UnknownAgentException extends RuntimeException {

	private final String agent;

	UnknownAgentException(String agent, Collection<String> known) {
		super("Unknown agent '" + agent + "'. Known agents: " + String.join(", ", known)
				+ ". Add it under 'agents:' in agents.yml or application.yml.");
		this.agent = agent;
	}

	public String agent() {
		return this.agent;
	}

}
