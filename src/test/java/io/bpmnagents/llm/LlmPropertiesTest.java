package io.bpmnagents.llm;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-model limits on calls at once. */
class LlmPropertiesTest {

	private static LlmProperties with(int maxConcurrentCalls, Map<String, LlmProperties.ModelLimit> limits) {
		return new LlmProperties(null, null, null, "gpt-4o", Duration.ofSeconds(60), null, maxConcurrentCalls, limits,
				Duration.ofSeconds(2), Duration.ofMinutes(5), false);
	}

	@Test
	void aModelWithoutItsOwnLimitGetsTheDefault() {
		LlmProperties properties = with(50, Map.of("small", new LlmProperties.ModelLimit(2)));

		assertThat(properties.maxConcurrentCallsOf("gpt-4o")).isEqualTo(50);
		assertThat(properties.maxConcurrentCallsOf("small")).isEqualTo(2);
	}

	@Test
	void anEmptyModelLimitFallsBackToTheDefault() {
		assertThat(with(50, Map.of("small", new LlmProperties.ModelLimit(null))).maxConcurrentCallsOf("small"))
			.isEqualTo(50);
	}

	@Test
	void limitsBelowOneAreRefusedWithTheSettingNamed() {
		assertThatThrownBy(() -> with(0, null)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("llm.max-concurrent-calls");
		assertThatThrownBy(() -> with(10, Map.of("small", new LlmProperties.ModelLimit(0))))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("llm.model-limits.small.max-concurrent-calls");
	}

}
