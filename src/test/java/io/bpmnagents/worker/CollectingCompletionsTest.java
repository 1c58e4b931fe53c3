package io.bpmnagents.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.bpmnagents.agent.WorkerIdentity;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.AgentTaskChains;
import io.bpmnagents.support.AgentTaskChains.Step;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Parallel answers that collect into one variable commit in turns; those that wait for
 * their turn together commit together, and one that cannot commit does not take the
 * others down with it.
 */
class CollectingCompletionsTest extends PatternProcessTest {

	@Autowired
	TaskOutcomes outcomes;

	@Autowired
	ExternalTaskService externalTasks;

	@Autowired
	WorkerIdentity worker;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void answersThatWaitForTheirTurnTogetherCommitTogetherAndNoneIsLost() throws Exception {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Collect"));
		List<LockedExternalTask> tasks = lockAnswers(run);
		int commitsBefore = this.outcomes.commits();

		List<CompletableFuture<Void>> answers = completeBehindAHeldFirst(run.id(), tasks);
		CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

		assertThat(this.outcomes.commits() - commitsBefore).isEqualTo(2);
		assertThat(contributions(run).keySet()).containsExactlyInAnyOrder(names(tasks));
		assertThat(instance(run)).isWaitingAt("Task_Synthesize");
	}

	@Test
	void anAnswerThatCannotCommitFailsAloneWhileTheOthersWaitingWithItCommit() throws Exception {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Collect"));
		List<LockedExternalTask> tasks = lockAnswers(run);
		// Another node took the third task over: this node may no longer complete it.
		this.externalTasks.unlock(tasks.get(2).getId());

		List<CompletableFuture<Void>> answers = completeBehindAHeldFirst(run.id(), tasks);

		answers.get(0).get(30, TimeUnit.SECONDS);
		answers.get(1).get(30, TimeUnit.SECONDS);
		assertThat(answers.get(2)).failsWithin(Duration.ofSeconds(30));
		assertThat(contributions(run).keySet()).containsExactlyInAnyOrder(names(tasks.subList(0, 2)));
		assertThat(instance(run)).isWaitingAt("Task_Answer");
	}

	@Test
	@SuppressWarnings("unchecked")
	void answersCommittedTogetherAfterTheCompletionConditionWasMetAreRefusedNotRecorded() throws Exception {
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("first-two-answers.bpmn", FIRST_TWO_ANSWERS)
			.deploy();
		String run = this.runtime
			.startProcessInstanceByKey("first-two-answers",
					Map.of("task", "Collect", "agents", List.of("researcher", "writer", "reviewer", "tester")))
			.getId();
		List<LockedExternalTask> tasks = lockAnswers(run, 4);

		List<CompletableFuture<Void>> answers = completeBehindAHeldFirst(run, tasks);
		answers.get(0).get(30, TimeUnit.SECONDS);
		List<CompletableFuture<Void>> rest = answers.subList(1, 4);

		// The three waiting answers commit in the order they queued, which the test does
		// not choose: whichever commits first meets the condition and ends the other two
		// tasks. Their answers came too late and are not the run's.
		List<LockedExternalTask> recorded = new ArrayList<>(List.of(tasks.get(0)));
		int tooLate = 0;
		for (int i = 0; i < rest.size(); i++) {
			try {
				rest.get(i).get(30, TimeUnit.SECONDS);
				recorded.add(tasks.get(i + 1));
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(TaskEndedException.class)
					.hasMessageContaining("had ended before its answer was committed");
				tooLate++;
			}
		}
		assertThat(tooLate).isEqualTo(2);
		assertThat(((Map<String, ?>) this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(run)
			.variableName("contributions")
			.singleResult()
			.getValue()).keySet()).containsExactlyInAnyOrder(names(recorded));
		assertThat(this.runtime.createProcessInstanceQuery().processInstanceId(run).singleResult()).isNotNull();
		assertThat(this.engine.getTaskService().createTaskQuery().processInstanceId(run).count()).isEqualTo(1);
	}

	@Test
	void anAnswerToATaskWhoseRunWasStoppedIsRefusedWithAReasonAndNotRecorded() {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Collect"));
		List<LockedExternalTask> tasks = lockAnswers(run);
		this.runtime.deleteProcessInstance(run.id(), "stopped by a person");

		assertThatThrownBy(() -> this.outcomes.complete(tasks.get(0), collect(tasks.get(0), null), true))
			.isInstanceOf(TaskEndedException.class)
			.hasMessageContaining("Task_Answer");
		assertThatThrownBy(() -> this.outcomes.complete(tasks.get(1), (current) -> Map.of("answer", "late")))
			.isInstanceOf(TaskEndedException.class);
	}

	/** A parallel multi-instance that needs only the first two answers. */
	private static final BpmnModelInstance FIRST_TWO_ANSWERS = AgentTaskChains
		.chain("first-two-answers",
				Step.of("Task_Answer", "${agent}", "${task}", "contributions")
					.with("resultKey", "${agent}")
					.forEachOf("${agents}", "agent")
					.until("${nrOfCompletedInstances >= 2}"))
		.userTask("Task_Read")
		.name("A person reads the answers")
		.endEvent("End")
		.done();

	private List<LockedExternalTask> lockAnswers(RunView run) {
		return lockAnswers(run.id(), 3);
	}

	private List<LockedExternalTask> lockAnswers(String run, int expected) {
		List<LockedExternalTask> locked = this.externalTasks.fetchAndLock(100, this.worker.id())
			.topic("agent-task", 60_000)
			.execute();
		// Tasks other tests left open are given back as they were.
		locked.stream()
			.filter((task) -> !task.getProcessInstanceId().equals(run))
			.forEach((task) -> this.externalTasks.unlock(task.getId()));
		List<LockedExternalTask> tasks = locked.stream()
			.filter((task) -> task.getProcessInstanceId().equals(run))
			.toList();
		assertThat(tasks).hasSize(expected);
		return tasks;
	}

	/**
	 * Completes the tasks' answers at once: the first holds its turn inside its commit
	 * until all the others wait behind it, then goes on. The completions, in the tasks'
	 * order.
	 */
	private List<CompletableFuture<Void>> completeBehindAHeldFirst(String run, List<LockedExternalTask> tasks)
			throws InterruptedException {
		HeldTurn held = new HeldTurn();
		List<CompletableFuture<Void>> answers = new ArrayList<>();
		answers.add(completeAsync(tasks.get(0), held));
		held.awaitReached();
		tasks.subList(1, tasks.size()).forEach((task) -> answers.add(completeAsync(task, null)));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.waiting(run) == tasks.size() - 1);
		held.release();
		return answers;
	}

	/**
	 * Completes a task on a thread of its own as an agent task collecting into
	 * 'contributions' does; with {@code held}, the completion holds its turn until it is
	 * released. Not the common fork-join pool: its few threads would run out on a machine
	 * with 3 or 4 CPUs while completions block waiting for their turn.
	 */
	private CompletableFuture<Void> completeAsync(LockedExternalTask task, HeldTurn held) {
		return CompletableFuture.runAsync(() -> this.outcomes.complete(task, collect(task, held), true), this.threads);
	}

	@SuppressWarnings("unchecked")
	private static Function<Function<String, Object>, Map<String, Object>> collect(LockedExternalTask task,
			HeldTurn held) {
		return (current) -> {
			if (held != null) {
				held.hold();
			}
			Object existing = current.apply("contributions");
			Map<String, String> map = (existing instanceof Map<?, ?> m) ? new LinkedHashMap<>((Map<String, String>) m)
					: new LinkedHashMap<>();
			map.put(name(task), name(task) + " answered");
			return Map.of("contributions", map);
		};
	}

	/** A completion that has its turn and keeps it until the test lets it go on. */
	private static final class HeldTurn {

		private final CountDownLatch reached = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		void hold() {
			this.reached.countDown();
			try {
				this.released.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		/** Returns once the completion holds its turn: it is inside its update. */
		void awaitReached() throws InterruptedException {
			assertThat(this.reached.await(30, TimeUnit.SECONDS)).as("the first completion took its turn").isTrue();
		}

		void release() {
			this.released.countDown();
		}

	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> contributions(RunView run) {
		return (Map<String, Object>) this.runtime.getVariable(run.id(), "contributions");
	}

	private static String name(LockedExternalTask task) {
		return String.valueOf(task.getVariables().get("agent"));
	}

	private static String[] names(List<LockedExternalTask> tasks) {
		return tasks.stream().map(CollectingCompletionsTest::name).toArray(String[]::new);
	}

}
