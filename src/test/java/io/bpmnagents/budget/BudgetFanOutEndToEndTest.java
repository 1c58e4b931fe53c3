package io.bpmnagents.budget;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.bpmnagents.support.ApiClient;
import io.bpmnagents.support.ObservedEndToEndTest;
import io.bpmnagents.support.SwitchableModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fan-out of three agents against a budget of two calls: the model holds each call
 * until two are in flight together, so every branch's budget check happens while calls
 * are in flight — and still only two calls are made, as each reserves before it asks.
 */
@ObservedEndToEndTest
class BudgetFanOutEndToEndTest {

	@Autowired
	ApiClient api;

	@Autowired
	SwitchableModel model;

	@AfterEach
	void reset() {
		this.model.reset();
	}

	@Test
	void threeParallelAgentsWithABudgetOfTwoCallsMakeTwoCallsAtMostAndTheRunFailsOnTheBudget() {
		AtomicInteger asked = new AtomicInteger();
		// The allowed calls wait for each other, so both are in flight when the third
		// agent asks; the refused agent's failure may also end the run before the second
		// allowed call starts, and a run that has ended makes no call: the test then
		// lets the waiting call go.
		CountDownLatch twoInFlight = new CountDownLatch(2);
		this.model.use(new ChatModel() {

			@Override
			public ChatResponse doChat(ChatRequest request) {
				asked.incrementAndGet();
				twoInFlight.countDown();
				try {
					twoInFlight.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return ChatResponse.builder()
					.aiMessage(AiMessage.from("A contribution"))
					.tokenUsage(new TokenUsage(10, 5))
					.build();
			}

		});

		String id = this.api.start("parallel-fanout", Map.of("task", "Plan a launch", "agents",
				List.of("researcher", "developer", "reviewer"), "budget", Map.of("maxCalls", 2)));
		JsonNode run = this.api.awaitEnd(id);
		while (twoInFlight.getCount() > 0) {
			twoInFlight.countDown();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.api.transcript(id).stream().allMatch((call) -> call.hasNonNull("endedAt")));

		assertThat(run.path("status").asText()).isEqualTo("FAILED");
		assertThat(run.path("endedBy").asText()).isEqualTo("budget");
		assertThat(run.path("endMessage").asText()).contains("maxCalls of 2");
		assertThat(asked.get()).isBetween(1, 2);
		assertThat(this.api.transcript(id)).hasSize(asked.get());
	}

}
