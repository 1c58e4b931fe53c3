package io.bpmnagents.task;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.bpmnagents.agent.WorkerIdentity;
import io.bpmnagents.run.RunView;
import io.bpmnagents.support.PatternProcessTest;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
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

	@Test
	void answersThatWaitForTheirTurnTogetherCommitTogetherAndNoneIsLost() throws Exception {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Collect"));
		List<LockedExternalTask> tasks = lockAnswers(run);
		CountDownLatch othersWaiting = new CountDownLatch(1);
		int commitsBefore = this.outcomes.commits();

		CompletableFuture<Void> first = completeAsync(tasks.get(0), othersWaiting);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.waiting(run.id()) == 0 && !first.isDone());
		CompletableFuture<Void> second = completeAsync(tasks.get(1), null);
		CompletableFuture<Void> third = completeAsync(tasks.get(2), null);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.waiting(run.id()) == 2);
		othersWaiting.countDown();
		CompletableFuture.allOf(first, second, third).get(30, TimeUnit.SECONDS);

		assertThat(this.outcomes.commits() - commitsBefore).isEqualTo(2);
		assertThat(contributions(run).keySet()).containsExactlyInAnyOrder(names(tasks));
		assertThat(instance(run)).isWaitingAt("Task_Synthesize");
	}

	@Test
	void anAnswerThatCannotCommitFailsAloneWhileTheOthersWaitingWithItCommit() throws Exception {
		RunView run = this.runs.start("parallel-fanout", Map.of("task", "Collect"));
		List<LockedExternalTask> tasks = lockAnswers(run);
		CountDownLatch othersWaiting = new CountDownLatch(1);
		// Another node took the third task over: this node may no longer complete it.
		this.externalTasks.unlock(tasks.get(2).getId());

		CompletableFuture<Void> first = completeAsync(tasks.get(0), othersWaiting);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.waiting(run.id()) == 0 && !first.isDone());
		CompletableFuture<Void> second = completeAsync(tasks.get(1), null);
		CompletableFuture<Void> lost = completeAsync(tasks.get(2), null);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.outcomes.waiting(run.id()) == 2);
		othersWaiting.countDown();

		first.get(30, TimeUnit.SECONDS);
		second.get(30, TimeUnit.SECONDS);
		assertThat(lost).failsWithin(Duration.ofSeconds(30));
		assertThat(contributions(run).keySet()).containsExactlyInAnyOrder(names(tasks.subList(0, 2)));
		assertThat(instance(run)).isWaitingAt("Task_Answer");
	}

	private List<LockedExternalTask> lockAnswers(RunView run) {
		List<LockedExternalTask> locked = this.externalTasks.fetchAndLock(100, this.worker.id())
			.topic(AgentTaskHandler.TOPIC, 60_000)
			.execute();
		// Tasks other tests left open are given back as they were.
		locked.stream()
			.filter((task) -> !task.getProcessInstanceId().equals(run.id()))
			.forEach((task) -> this.externalTasks.unlock(task.getId()));
		List<LockedExternalTask> tasks = locked.stream()
			.filter((task) -> task.getProcessInstanceId().equals(run.id()))
			.toList();
		assertThat(tasks).hasSize(3);
		return tasks;
	}

	/**
	 * Completes a task on another thread as an agent task collecting into 'contributions'
	 * does; with a latch, the completion holds its turn until the latch opens.
	 */
	private CompletableFuture<Void> completeAsync(LockedExternalTask task, CountDownLatch holdTurnUntil) {
		return CompletableFuture.runAsync(() -> this.outcomes.complete(task, collect(task, holdTurnUntil), true));
	}

	@SuppressWarnings("unchecked")
	private static Function<Function<String, Object>, Map<String, Object>> collect(LockedExternalTask task,
			CountDownLatch holdTurnUntil) {
		return (current) -> {
			if (holdTurnUntil != null) {
				try {
					holdTurnUntil.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			Object existing = current.apply("contributions");
			Map<String, String> map = (existing instanceof Map<?, ?> m) ? new LinkedHashMap<>((Map<String, String>) m)
					: new LinkedHashMap<>();
			map.put(name(task), name(task) + " answered");
			return Map.of("contributions", map);
		};
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
