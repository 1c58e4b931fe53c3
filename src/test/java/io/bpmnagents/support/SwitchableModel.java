package io.bpmnagents.support;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;

/** The app's model (the simulator over HTTP), which a test may replace for a while. */
public class SwitchableModel implements ChatModel {

	private final ChatModel app;

	private volatile ChatModel current;

	SwitchableModel(ChatModel app) {
		this.app = app;
		this.current = app;
	}

	/** Answers with {@code model} until {@link #reset()}. */
	public void use(ChatModel model) {
		this.current = model;
	}

	public void reset() {
		this.current = this.app;
	}

	@Override
	public ChatResponse doChat(ChatRequest request) {
		return this.current.chat(request);
	}

}
