package io.bpmnagents.pattern.parallel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.bpmnagents.run.RunService;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.FakeModel;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import io.bpmnagents.agent.AgentRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fan-out's model calls really overlap: each agent's call waits until all five have
 * arrived. Were the calls made one after another, the first would give up waiting and the
 * run would not complete.
 */
@SpringBootTest(properties = { "spring.datasource.url=jdbc:h2:mem:concurrency-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.admin-user.password=Test-Secret-42", "camunda.bpm.process-engine-name=concurrencyTests",
		"bpmn-agents.worker.max-attempts=1" })
class ParallelFanoutConcurrencyTest {

	private static final List<String> AGENTS = List.of("researcher", "developer", "reviewer", "tester", "designer");

	@TestConfiguration(proxyBeanMethods = false)
	static class Model {

		@Bean
		@Primary
		FakeModel fakeModel(AgentRegistry agents) {
			return new FakeModel(agents);
		}

	}

	@Autowired
	RunService runs;

	@Autowired
	FakeModel model;

	@Test
	void theAgentsCallsAreAllInFlightTogetherAndNoAnswerIsLost() {
		CountDownLatch allArrived = new CountDownLatch(AGENTS.size());
		for (String agent : AGENTS) {
			this.model.script(agent, (call) -> {
				allArrived.countDown();
				try {
					if (!allArrived.await(20, TimeUnit.SECONDS)) {
						throw new IllegalStateException(agent + " waited alone: the calls did not overlap");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				return agent + " answered together";
			});
		}

		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Review the release", "agents", AGENTS));

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.runs.view(run.id()).status() != RunView.Status.RUNNING
					|| !this.runs.view(run.id()).incidents().isEmpty());
		RunView done = this.runs.view(run.id());
		assertThat(done.incidents()).isEmpty();
		assertThat(done.status()).isEqualTo(RunView.Status.COMPLETED);
		assertThat(allArrived.getCount()).isZero();
		assertThat(done.usage().calls()).isEqualTo(AGENTS.size() + 1);
		// All answers were committed at the same moment; none may be lost.
		Map<?, ?> contributions = (Map<?, ?>) done.output().get("contributions");
		assertThat(contributions.keySet().stream().map(String::valueOf).toList())
			.containsExactlyInAnyOrderElementsOf(AGENTS);
	}

}
