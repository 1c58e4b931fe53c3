package io.bpmnagents.run;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.variable.VariableMap;

/**
 * What one process accepts and gives back. Each pattern declares its own;
 * {@code /api/runs} validates a run's input with it before anything starts.
 */
public interface ProcessContract {

	String processKey();

	/**
	 * The start variables for a run: the input checked and completed with defaults.
	 * @throws InvalidInputException naming the first field that is wrong
	 */
	VariableMap startVariables(RunInput input);

	/** The variables shown as a run's {@code output}. */
	List<String> outputs();

	/**
	 * Whether a run started with these variables ends with one {@code result} that a
	 * person can approve ({@code requireApproval}).
	 */
	default boolean hasResultToApprove(VariableMap startVariables) {
		return true;
	}

	/**
	 * Input fields accepted, with their defaults, for documentation and error messages.
	 */
	Map<String, Object> inputs();

}
