package io.bpmnagents.tool;

import java.util.List;
import java.util.Map;

/**
 * Implemented by a bean whose {@code @Tool} parameters take one of a set of values known
 * only at run time (such as the agents of the registry): the values are sent to the model
 * as the parameter's {@code enum}, which an annotation cannot hold.
 */
public interface ToolChoices {

	/** For the named tool, each string parameter's allowed values. */
	Map<String, List<String>> choices(String tool);

}
