package io.bpmnagents.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bpmnagents.llm.LlmProperties;
import io.bpmnagents.transcript.TranscriptStore;
import io.bpmnagents.transcript.Usage;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

/**
 * Sums a run's transcript into calls, tokens and cost (by {@code llm.prices} of each
 * model): what the run view shows and what a run's budget is checked against.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class UsageCalculator {

	private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

	private final TranscriptStore transcript;

	private final LlmProperties llm;

	public Usage of(String runId) {
		return sum(this.transcript.tokenCounts(runId));
	}

	/** The usage of each of these runs, read in one statement (a page of a list). */
	public Map<String, Usage> ofRuns(Collection<String> runIds) {
		Map<String, List<TranscriptStore.TokenCount>> counts = this.transcript.tokenCounts(runIds);
		Map<String, Usage> usages = new LinkedHashMap<>();
		runIds.forEach((run) -> usages.put(run, sum(counts.getOrDefault(run, List.of()))));
		return usages;
	}

	/** The usage these token counts of a run (read with other parts of it) make. */
	public Usage sum(List<TranscriptStore.TokenCount> counts) {
		long calls = 0;
		long prompt = 0;
		long completion = 0;
		BigDecimal cost = BigDecimal.ZERO;
		for (TranscriptStore.TokenCount count : counts) {
			calls += count.calls();
			prompt += count.promptTokens();
			completion += count.completionTokens();
			LlmProperties.Price price = priceOf(count.model());
			if (price != null) {
				cost = cost.add(BigDecimal.valueOf(count.promptTokens()).multiply(price.input()))
					.add(BigDecimal.valueOf(count.completionTokens()).multiply(price.output()));
			}
		}
		return new Usage(calls, prompt, completion, cost.divide(MILLION, 6, RoundingMode.HALF_UP));
	}

	/**
	 * What these tokens of a model cost, by {@code llm.prices}; zero for an unpriced
	 * model.
	 */
	public BigDecimal cost(String model, long promptTokens, long completionTokens) {
		LlmProperties.Price price = priceOf(model);
		if (price == null) {
			return BigDecimal.ZERO.setScale(6);
		}
		return BigDecimal.valueOf(promptTokens)
			.multiply(price.input())
			.add(BigDecimal.valueOf(completionTokens).multiply(price.output()))
			.divide(MILLION, 6, RoundingMode.HALF_UP);
	}

	/**
	 * The price whose model name is the longest prefix of the reported one: "gpt-4o"
	 * prices "gpt-4o-2024-08-06".
	 */
	private LlmProperties.Price priceOf(String model) {
		if (model == null) {
			return null;
		}
		String best = null;
		for (String name : this.llm.prices().keySet()) {
			if (model.startsWith(name) && (best == null || name.length() > best.length())) {
				best = name;
			}
		}
		return (best != null) ? this.llm.prices().get(best) : null;
	}

}
