package io.bpmnagents.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.ApiClient;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The background worker against a model that answers only when the test lets it: how many
 * calls wait at once, what limits them, and what happens to locks while they wait.
 * Overlap is proven by counting calls inside the model, never by timing. Locks last 3 s,
 * renewed every second: the heartbeat may be two seconds late on a busy machine.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:worker-tests;DB_CLOSE_DELAY=-1",
				"camunda.bpm.process-engine-name=workerTests", "camunda.bpm.admin-user.password=" + ApiClient.PASSWORD,
				"llm.provider=simulator", "bpmn-agents.worker.retry-backoff=50ms",
				"bpmn-agents.worker.lock-duration=3s", "agents.limited.system-prompt=You are the limited agent.",
				"agents.limited.model=small-model", "llm.model-limits.small-model.max-concurrent-calls=2" })
@Import({ ApiClient.class, AgentTaskWorkerTest.HeldModelConfiguration.class })
class AgentTaskWorkerTest {

	@Autowired
	ApiClient api;

	@Autowired
	HeldModel model;

	@Autowired
	AgentTaskWorker worker;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuntimeService runtime;

	@AfterEach
	void letEveryCallThrough() {
		this.model.release();
	}

	/**
	 * 40 is more than the old pool of 16 and more than the 10 connections of the database
	 * pool: no connection is held while a call waits.
	 */
	@Test
	void manyMoreCallsThanTheOldPoolOf16WaitOnTheModelAtOnce() {
		this.model.hold();
		List<String> runs = startOneAgentRuns("researcher", 40);

		await().atMost(Duration.ofSeconds(60)).until(() -> this.model.inside("gpt-4o") == 40);
		this.model.release();

		assertAllComplete(runs);
		assertThat(this.model.peak("gpt-4o")).isEqualTo(40);
	}

	@Test
	void aModelsOwnLimitCapsItsCallsWhileTheWorkerHoldsMoreTasks() {
		this.model.hold();
		List<String> runs = startOneAgentRuns("limited", 6);

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.worker.inFlight() == 6 && this.model.inside("small-model") == 2);
		this.model.release();

		assertAllComplete(runs);
		assertThat(this.model.calls("small-model")).isEqualTo(6);
		assertThat(this.model.peak("small-model")).isEqualTo(2);
	}

	@Test
	void aCallThatOutlastsItsLockKeepsItsTaskThroughTheHeartbeat() {
		int callsBefore = this.model.calls("gpt-4o");
		String run = aRunWhoseCallIsHeld();
		ExternalTask task = taskOf(run);
		Date firstExpiry = task.getLockExpirationTime();
		int extensionsBefore = this.worker.lockExtensions();

		// Wait until the first lock would have run out, and the heartbeat renewed it.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> ClockUtil.getCurrentTime().after(firstExpiry)
					&& this.worker.lockExtensions() >= extensionsBefore + 3);
		List<LockedExternalTask> takenByAnotherNode = this.externalTasks.fetchAndLock(10, "other-node")
			.topic("agent-task", 60_000)
			.execute();
		this.model.release();

		assertThat(takenByAnotherNode).isEmpty();
		assertThat(this.api.awaitEnd(run).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.model.calls("gpt-4o") - callsBefore).isEqualTo(1);
		assertThat(answers(task.getId())).isEqualTo(1);
	}

	@Test
	void aLockLostDuringTheCallNeverRecordsASecondAnswer() {
		this.model.hold();
		String run = startOneAgentRun("researcher");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.model.inside("gpt-4o") == 1);
		String taskId = taskOf(run).getId();

		// Another node takes the task over while this node's call still runs.
		this.externalTasks.unlock(taskId);
		List<LockedExternalTask> taken = this.externalTasks.fetchAndLock(10, "other-node")
			.topic("agent-task", 60_000)
			.processDefinitionKey("sequential-pipeline")
			.execute();
		assertThat(taken).extracting(LockedExternalTask::getId).containsExactly(taskId);
		this.model.release();

		await().atMost(Duration.ofSeconds(60)).until(() -> calls(taskId) == 1 && this.worker.inFlight() == 0);
		assertThat(answers(taskId)).isZero();
		assertThat(this.jdbc.sql("SELECT error FROM agent_call WHERE external_task_id = :task")
			.param("task", taskId)
			.query(String.class)
			.single()).startsWith("Answer discarded");
		assertThat(taskOf(run).getWorkerId()).isEqualTo("other-node");

		// The other node gives the task back; this node answers it, once.
		this.externalTasks.unlock(taskId);
		assertThat(this.api.awaitEnd(run).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(answers(taskId)).isEqualTo(1);
	}

	@Test
	void aTaskThisNodeLocksAgainWhileItsCallStillRunsIsNotCalledTwice() {
		int callsBefore = this.model.calls("gpt-4o");
		String run = aRunWhoseCallIsHeld();
		String taskId = taskOf(run).getId();
		String thisNode = taskOf(run).getWorkerId();

		// As if this node's lock had run out: its own poller locks the task again.
		this.externalTasks.unlock(taskId);
		await().atMost(Duration.ofSeconds(60)).until(() -> thisNode.equals(taskOf(run).getWorkerId()));
		this.model.release();

		assertThat(this.api.awaitEnd(run).path("status").asText()).isEqualTo("COMPLETED");
		assertThat(this.model.calls("gpt-4o") - callsBefore).isEqualTo(1);
		assertThat(answers(taskId)).isEqualTo(1);
	}

	@Test
	void aCompletionHandsTheNextStepToTheThreadThatCompletedItWithoutAFetch() {
		int handedBefore = this.worker.handedOver();
		this.model.threads.clear();

		String run = this.api.start("sequential-pipeline",
				Map.of("task", "Worker test", "agents", List.of("researcher", "writer", "reviewer")));

		assertThat(this.api.awaitEnd(run).path("status").asText()).isEqualTo("COMPLETED");
		// the start hands the first step on, each completion the next
		assertThat(this.worker.handedOver() - handedBefore).isEqualTo(3);
		// The pool makes a new thread for each task it is given: one thread for all three
		// steps means the poller never fetched the second and third.
		assertThat(this.model.threads).hasSize(3).containsOnly(this.model.threads.get(0));
		allSlotsComeBack();
	}

	@Test
	void theLastAnswerOfAFanOutHandsTheSynthesisOn() {
		int handedBefore = this.worker.handedOver();
		this.model.hold();

		String run = this.api.start("parallel-fanout",
				Map.of("task", "Worker test", "agents", List.of("researcher", "writer", "reviewer")));
		await().atMost(Duration.ofSeconds(60)).until(() -> this.model.inside("gpt-4o") == 3);
		this.model.release();

		assertThat(this.api.awaitEnd(run).path("status").asText()).isEqualTo("COMPLETED");
		// the start hands the three answers on, the last answer the synthesis
		assertThat(this.worker.handedOver() - handedBefore).isEqualTo(4);
		allSlotsComeBack();
	}

	@Test
	void aCompletionThatStartsParallelWorkHandsEveryNewTaskOnWithASlotOfItsOwn() {
		this.repository.createDeployment()
			.addModelInstance("handover-fanout.bpmn", FIRST_THEN_ALL_AT_ONCE)
			.name("handover-fanout")
			.deploy();
		int handedBefore = this.worker.handedOver();

		String run = this.runtime
			.startProcessInstanceByKey("handover-fanout",
					Map.of("task", "Worker test", "agents", List.of("researcher", "writer", "reviewer")))
			.getId();

		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.runtime.createProcessInstanceQuery().processInstanceId(run).count() == 0);
		assertThat(this.worker.handedOver() - handedBefore).isEqualTo(3);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE run_id = :run AND response IS NOT NULL")
			.param("run", run)
			.query(Integer.class)
			.single()).isEqualTo(4);
		allSlotsComeBack();
	}

	/**
	 * Every slot is free again once nothing runs. Awaited, not read once: the poller
	 * holds a fetch's worth of slots while it looks for tasks, and looks every poll
	 * interval; a slot that leaked would never come back.
	 */
	private void allSlotsComeBack() {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.worker.inFlight() == 0 && this.worker.freeSlots() == 256);
	}

	/** One agent, then a parallel multi-instance of three, drawn as a user would. */
	private static final BpmnModelInstance FIRST_THEN_ALL_AT_ONCE = AgentTaskChains.model("handover-fanout",
			Step.of("Task_First", "researcher", "${task}", "first"),
			Step.of("Task_Each", "${agent}", "${first}", "answers")
				.with("resultKey", "${agent}")
				.forEachOf("${agents}", "agent"));

	private List<String> startOneAgentRuns(String agent, int count) {
		List<String> runs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			runs.add(startOneAgentRun(agent));
		}
		return runs;
	}

	/** A one-agent run whose model call has started and is held until released. */
	private String aRunWhoseCallIsHeld() {
		this.model.hold();
		String run = startOneAgentRun("researcher");
		await().atMost(Duration.ofSeconds(60)).until(() -> this.model.inside("gpt-4o") == 1);
		return run;
	}

	private void assertAllComplete(List<String> runs) {
		runs.forEach((id) -> assertThat(this.api.awaitEnd(id).path("status").asText()).isEqualTo("COMPLETED"));
	}

	private String startOneAgentRun(String agent) {
		return this.api.start("sequential-pipeline", Map.of("task", "Worker test", "agents", List.of(agent)));
	}

	private ExternalTask taskOf(String run) {
		return this.externalTasks.createExternalTaskQuery().processInstanceId(run).singleResult();
	}

	private int answers(String taskId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE external_task_id = :task AND response IS NOT NULL")
			.param("task", taskId)
			.query(Integer.class)
			.single();
	}

	private int calls(String taskId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM agent_call WHERE external_task_id = :task AND ended_at IS NOT NULL")
			.param("task", taskId)
			.query(Integer.class)
			.single();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class HeldModelConfiguration {

		@Bean
		@Primary
		HeldModel heldModel() {
			return new HeldModel();
		}

	}

	/**
	 * A model whose calls wait inside it until the test releases them, counting by model
	 * name the calls inside now, at most, and in all.
	 */
	static class HeldModel implements ChatModel {

		private volatile CountDownLatch gate = new CountDownLatch(0);

		private final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> peak = new ConcurrentHashMap<>();

		private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

		/** The thread of each call, in call order. */
		final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

		void hold() {
			this.inside.clear();
			this.peak.clear();
			this.gate = new CountDownLatch(1);
		}

		void release() {
			this.gate.countDown();
		}

		int inside(String model) {
			return counter(this.inside, model).get();
		}

		int peak(String model) {
			return counter(this.peak, model).get();
		}

		int calls(String model) {
			return counter(this.calls, model).get();
		}

		private static AtomicInteger counter(Map<String, AtomicInteger> counters, String model) {
			return counters.computeIfAbsent(model, (name) -> new AtomicInteger());
		}

		@Override
		public ChatResponse doChat(ChatRequest request) {
			String model = request.modelName();
			this.threads.add(Thread.currentThread().getName());
			counter(this.calls, model).incrementAndGet();
			int now = counter(this.inside, model).incrementAndGet();
			counter(this.peak, model).accumulateAndGet(now, Math::max);
			try {
				if (!this.gate.await(2, TimeUnit.MINUTES)) {
					throw new IllegalStateException("The test never released the model");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			finally {
				counter(this.inside, model).decrementAndGet();
			}
			return ChatResponse.builder()
				.aiMessage(AiMessage.from("held answer"))
				.modelName(model)
				.tokenUsage(new TokenUsage(10, 5))
				.build();
		}

	}

}
