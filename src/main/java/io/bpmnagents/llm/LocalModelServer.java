package io.bpmnagents.llm;

/**
 * An OpenAI-compatible server that this application serves itself (the built-in
 * simulator), used when {@code llm.provider} is {@code simulator}. It registers itself as
 * a bean, so the client does not depend on it.
 */
public interface LocalModelServer {

	String baseUrl();

	String apiKey();

}
