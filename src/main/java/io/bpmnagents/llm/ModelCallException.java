package io.bpmnagents.llm;

/**
 * A model call that failed: transport error, HTTP error status, timeout or an empty
 * answer.
 */
public class ModelCallException extends RuntimeException {

	public ModelCallException(String message, Throwable cause) {
		super(message, cause);
	}

}
