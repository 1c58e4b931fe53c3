package io.bpmnagents.llm;

/**
 * What a model call is made with, on behalf of someone (an agent of the registry). The
 * model client needs no more, so it does not depend on the agent registry.
 */
public interface ModelSettings {

	/** Who calls, for error messages. */
	String name();

	/** The model to ask, or {@code null} for {@code llm.model}. */
	String model();

	Double temperature();

	Integer maxTokens();

}
