package io.bpmnagents.llm;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the waits a rate-limited reply asks for are read. */
class RetryAfterHttpClientTest {

	@Test
	void retryAfterIsReadInSecondsIncludingFractions() {
		assertThat(RetryAfterHttpClient.parse("2", true)).contains(Duration.ofSeconds(2));
		assertThat(RetryAfterHttpClient.parse(" 1.5 ", true)).contains(Duration.ofMillis(1500));
	}

	@Test
	void retryAfterMsIsReadInMilliseconds() {
		assertThat(RetryAfterHttpClient.parse("250", false)).contains(Duration.ofMillis(250));
	}

	@Test
	void anHttpDateANegativeOrAnInfiniteWaitIsIgnoredSoTheDefaultPauseApplies() {
		assertThat(RetryAfterHttpClient.parse("Wed, 21 Oct 2026 07:28:00 GMT", true)).isEmpty();
		assertThat(RetryAfterHttpClient.parse("-1", true)).isEmpty();
		assertThat(RetryAfterHttpClient.parse("Infinity", true)).isEmpty();
		assertThat(RetryAfterHttpClient.parse("NaN", false)).isEmpty();
	}

}
