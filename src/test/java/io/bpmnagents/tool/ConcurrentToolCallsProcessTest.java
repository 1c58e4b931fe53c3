package io.bpmnagents.tool;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import io.bpmnagents.support.ToolModels;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * The tool calls of one reply run together, within
 * {@code bpmn-agents.tools.max-concurrent} (2 here): a tool that waits until two of its
 * calls are in flight at once proves the overlap, and the threads that ran them prove the
 * bound.
 */
@Import(ConcurrentToolCallsProcessTest.MeetingTool.class)
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:concurrent-tool-tests;DB_CLOSE_DELAY=-1",
		"camunda.bpm.process-engine-name=concurrentToolTests", "bpmn-agents.tools.max-concurrent=2" })
class ConcurrentToolCallsProcessTest extends PatternProcessTest {

	@Autowired
	RepositoryService repository;

	@Autowired
	MeetingTool meeting;

	@BeforeEach
	void deployTheToolUser() {
		this.repository.createDeployment()
			.addString("meeting-user.bpmn", ToolModels.askWithTools("meeting-user", "meet"))
			.deploy();
	}

	@Test
	void threeToolCallsOfOneReplyRunTwoAtATimeAndTheirResultsGoBackInTheOrderAsked() {
		this.model.scriptMessage("researcher", (call) -> call.toolResults().isEmpty()
				? AiMessage.from(List.of(request("c1", "ann"), request("c2", "bob"), request("c3", "cy")))
				: AiMessage.from("met: "
						+ String.join(", ", call.toolResults().stream().map((result) -> result.text()).toList())));

		RunView run = this.runs.start("meeting-user", Map.of("task", "Meet everyone"));
		ProcessInstance instance = instance(run);
		this.driver.runUntilQuiet();

		assertThat(instance).isEnded().hasPassed("Task_Ask");
		// Two calls met (neither would have returned alone), never more than two ran at
		// once, and two threads shared the three calls.
		assertThat(this.meeting.peak).hasValue(2);
		assertThat(this.meeting.threads).hasSize(2);
		assertThat(this.model.callsOf("researcher").get(1).toolResults()).extracting((result) -> result.text())
			.containsExactly("met ann", "met bob", "met cy");
	}

	private static ToolExecutionRequest request(String id, String who) {
		return ToolExecutionRequest.builder().id(id).name("meet").arguments("{\"who\":\"" + who + "\"}").build();
	}

	/**
	 * A tool whose first two calls wait for each other: run one after another, the first
	 * would give up waiting and say so.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class MeetingTool {

		final CountDownLatch firstTwo = new CountDownLatch(2);

		final AtomicInteger inFlight = new AtomicInteger();

		final AtomicInteger peak = new AtomicInteger();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@Tool(name = "meet", value = "Meets someone")
		public String meet(@P(name = "who", value = "Whom to meet") String who) throws InterruptedException {
			this.threads.add(Thread.currentThread().getName());
			this.peak.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
			try {
				this.firstTwo.countDown();
				if (!this.firstTwo.await(30, TimeUnit.SECONDS)) {
					return "nobody else came to meet " + who;
				}
				return "met " + who;
			}
			finally {
				this.inFlight.decrementAndGet();
			}
		}

	}

}
