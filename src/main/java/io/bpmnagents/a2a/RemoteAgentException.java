package io.bpmnagents.a2a;

import io.bpmnagents.llm.ModelCallException;

/**
 * A remote agent's turn that failed: its card could not be read, it did not answer in
 * time, or its task failed or asked for input. A failed attempt like a model's: retried,
 * then an incident that says why.
 */
public class RemoteAgentException extends ModelCallException {

	RemoteAgentException(String message, Throwable cause) {
		super(message, cause);
	}

}
