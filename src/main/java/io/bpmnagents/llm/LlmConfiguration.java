package io.bpmnagents.llm;

import java.time.Duration;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.bpmnagents.transcript.Secrets;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
class LlmConfiguration {

	private static final Logger log = LoggerFactory.getLogger(LlmConfiguration.class);

	/**
	 * The real OpenAI client, pointed at OpenAI, at any OpenAI-compatible server, or at
	 * the built-in simulator. Lazy because the simulator's address includes the server
	 * port, known only once the web server runs. Retries are the engine's, so the client
	 * makes none; rate limits are waited out by {@link ModelClient}.
	 */
	@Bean
	@Lazy
	ChatModel chatModel(LlmProperties llm, ObjectProvider<LocalModelServer> simulator) {
		OpenAiChatModel.OpenAiChatModelBuilder builder = openAi(llm.model(), llm.timeout());
		if (llm.usesSimulator()) {
			LocalModelServer endpoint = simulator.getObject();
			return builder.baseUrl(endpoint.baseUrl()).apiKey(endpoint.apiKey()).build();
		}
		if (llm.baseUrl() != null && !llm.baseUrl().isBlank()) {
			builder.baseUrl(llm.baseUrl());
		}
		// Local servers such as Ollama ignore the key, but the client wants one.
		return builder.apiKey((llm.apiKey() != null && !llm.apiKey().isBlank()) ? llm.apiKey() : "none").build();
	}

	/**
	 * The OpenAI client as every model call uses it, without its address and key: our
	 * HTTP client over the JDK's, and no retries of its own. The warm-up builds its
	 * client here too, so that it runs the same code ({@link CannedModelServer}).
	 */
	static OpenAiChatModel.OpenAiChatModelBuilder openAi(String model, Duration timeout) {
		return OpenAiChatModel.builder()
			.modelName(model)
			.timeout(timeout)
			.httpClientBuilder(new RetryAfterHttpClient.Builder())
			.maxRetries(0);
	}

	@Bean
	ModelAnnouncer modelAnnouncer(LlmProperties llm) {
		return new ModelAnnouncer(llm);
	}

	/** Tells at start which model answers, and how to switch to a real one. */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	static class ModelAnnouncer {

		private final LlmProperties llm;

		@EventListener(ApplicationReadyEvent.class)
		void announce() {
			if (this.llm.usesSimulator()) {
				log.info("LLM provider: built-in model simulator (no API key configured). "
						+ "To use a real model set OPENAI_API_KEY, or LLM_BASE_URL for an OpenAI-compatible "
						+ "server such as Ollama (http://localhost:11434/v1) with LLM_MODEL.");
			}
			else {
				// A base URL may carry user:password@ or ?key=: logged without them.
				log.info("LLM provider: OpenAI-compatible API at {} with default model {}",
						(this.llm.baseUrl() != null && !this.llm.baseUrl().isBlank())
								? Secrets.redact(this.llm.baseUrl()) : "https://api.openai.com/v1",
						this.llm.model());
			}
		}

	}

}
