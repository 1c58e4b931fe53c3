package io.bpmnagents.guardrail;

import java.util.Map;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.guardrail.ChatExecutor;
import dev.langchain4j.guardrail.GuardrailRequestParams;
import dev.langchain4j.guardrail.InputGuardrail;
import dev.langchain4j.guardrail.InputGuardrailRequest;
import dev.langchain4j.guardrail.InputGuardrailResult;
import dev.langchain4j.guardrail.OutputGuardrail;
import dev.langchain4j.guardrail.OutputGuardrailRequest;
import dev.langchain4j.guardrail.OutputGuardrailResult;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.response.ChatResponse;

/**
 * A guardrail under its name: its input side, its output side (either may be
 * {@code null}), and how often it lets an answer be asked for again.
 */
record NamedGuardrail(String name, InputGuardrail input, OutputGuardrail output, int reprompts) {

	/**
	 * The model is not called from a guardrail: asking again is the caller's, so that
	 * every call is in the transcript.
	 */
	private static final ChatExecutor NO_EXECUTOR = new ChatExecutor() {

		@Override
		public ChatResponse execute() {
			throw new UnsupportedOperationException(
					"Guardrails here ask again by reprompt(), not by calling the model");
		}

		@Override
		public ChatResponse execute(java.util.List<dev.langchain4j.data.message.ChatMessage> messages) {
			return execute();
		}

	};

	boolean checks(String direction) {
		return Guardrails.INPUT.equals(direction) ? this.input != null : this.output != null;
	}

	InputGuardrailResult checkInput(String text, GuardrailContext call) {
		return this.input.validate(
				InputGuardrailRequest.builder().userMessage(UserMessage.from(text)).commonParams(params(call)).build());
	}

	OutputGuardrailResult checkOutput(String text, GuardrailContext call) {
		return this.output.validate(OutputGuardrailRequest.builder()
			.responseFromLLM(ChatResponse.builder().aiMessage(AiMessage.from(text)).build())
			.chatExecutor(NO_EXECUTOR)
			.requestParams(params(call))
			.build());
	}

	private static GuardrailRequestParams params(GuardrailContext call) {
		return GuardrailRequestParams.builder()
			.chatMemory(MessageWindowChatMemory.withMaxMessages(1))
			.userMessageTemplate("")
			.variables((call != null) ? Map.of(GuardrailContext.VARIABLE, call) : Map.of())
			.build();
	}

}
