package io.bpmnagents.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where model calls go. With no provider named, an API key or a base URL selects
 * {@code openai} (any OpenAI-compatible server); otherwise the built-in simulator
 * answers.
 *
 * @param provider {@code openai} or {@code simulator}; empty means "decide from the key"
 * @param baseUrl an OpenAI-compatible endpoint, e.g. {@code http://localhost:11434/v1}
 * for Ollama; empty means OpenAI itself
 * @param apiKey the key sent as bearer token
 * @param model the model of agents that name none
 * @param timeout how long one call may take
 * @param prices USD per million tokens by model name, for the run's cost
 */
@ConfigurationProperties("llm")
public record LlmProperties(String provider, String baseUrl, String apiKey, @DefaultValue("gpt-4o") String model,
		@DefaultValue("60s") Duration timeout, Map<String, Price> prices) {

	public static final String OPENAI = "openai";

	public static final String SIMULATOR = "simulator";

	public LlmProperties {
		prices = (prices != null) ? Map.copyOf(prices) : Map.of();
	}

	/**
	 * The provider in force: the configured one, else {@code openai} when a key or URL is
	 * given.
	 */
	public String effectiveProvider() {
		if (hasText(this.provider)) {
			return this.provider.trim().toLowerCase();
		}
		return (hasText(this.apiKey) || hasText(this.baseUrl)) ? OPENAI : SIMULATOR;
	}

	public boolean usesSimulator() {
		return SIMULATOR.equals(effectiveProvider());
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	/** USD per million input and output tokens. */
	public record Price(BigDecimal input, BigDecimal output) {
	}

}
