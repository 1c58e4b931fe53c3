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
 * @param maxConcurrentCalls calls to one model at once on this node, unless the model has
 * its own limit; set it to what the provider's rate limit allows
 * @param modelLimits per model name, limits that differ from the default
 * @param rateLimitPause how long a model's calls pause after an HTTP 429 that does not
 * say how long to wait
 * @param maxRateLimitWait how long one call may wait on rate limits in all before it
 * counts as a failed attempt
 * @param warmUp whether the client's code is run once at start against a canned answer on
 * loopback, so the first calls are not slower than the rest (no model is asked)
 */
@ConfigurationProperties("llm")
public record LlmProperties(String provider, String baseUrl, String apiKey, @DefaultValue("gpt-4o") String model,
		@DefaultValue("60s") Duration timeout, Map<String, Price> prices, @DefaultValue("256") int maxConcurrentCalls,
		Map<String, ModelLimit> modelLimits, @DefaultValue("2s") Duration rateLimitPause,
		@DefaultValue("5m") Duration maxRateLimitWait, @DefaultValue("true") boolean warmUp) {

	public static final String OPENAI = "openai";

	public static final String SIMULATOR = "simulator";

	public LlmProperties {
		prices = (prices != null) ? Map.copyOf(prices) : Map.of();
		modelLimits = (modelLimits != null) ? Map.copyOf(modelLimits) : Map.of();
		if (maxConcurrentCalls < 1) {
			throw new IllegalArgumentException("llm.max-concurrent-calls must be at least 1");
		}
		modelLimits.forEach((name, limit) -> {
			if (limit.maxConcurrentCalls() != null && limit.maxConcurrentCalls() < 1) {
				throw new IllegalArgumentException(
						"llm.model-limits." + name + ".max-concurrent-calls must be at least 1");
			}
		});
	}

	/** Calls to the given model that may run at once on this node. */
	public int maxConcurrentCallsOf(String model) {
		ModelLimit limit = this.modelLimits.get(model);
		return (limit != null && limit.maxConcurrentCalls() != null) ? limit.maxConcurrentCalls()
				: this.maxConcurrentCalls;
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

	/** A model's own limits. */
	public record ModelLimit(Integer maxConcurrentCalls) {
	}

	/** USD per million input and output tokens. */
	public record Price(BigDecimal input, BigDecimal output) {
	}

}
