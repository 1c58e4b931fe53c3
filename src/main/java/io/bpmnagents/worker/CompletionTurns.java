package io.bpmnagents.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * Completions of one process instance that collect into a shared variable take turns on
 * this node. Parallel answers tend to arrive together, and each would wait for the one
 * before to commit; instead, whoever gets the turn commits every completion waiting at
 * that moment, its own among them.
 */
final class CompletionTurns {

	private final Map<String, Turn> turns = new ConcurrentHashMap<>();

	/**
	 * Waits for the turn of {@code mine}'s process instance; when it comes and
	 * {@code mine} is not done yet, {@code commit} gets every completion waiting then and
	 * marks each done (or failed).
	 * @throws RuntimeException the error that {@code mine} failed with
	 */
	void take(Completion mine, Consumer<List<Completion>> commit) {
		String instance = mine.task.getProcessInstanceId();
		Turn turn = this.turns.computeIfAbsent(instance, (key) -> new Turn());
		turn.waiting.add(mine);
		turn.lock.lock();
		try {
			if (!mine.done) {
				List<Completion> batch = new ArrayList<>();
				for (Completion next; (next = turn.waiting.poll()) != null;) {
					batch.add(next);
				}
				commit.accept(batch);
			}
		}
		finally {
			turn.lock.unlock();
			if (turn.waiting.isEmpty() && !turn.lock.hasQueuedThreads()) {
				this.turns.remove(instance, turn);
			}
		}
		if (mine.error != null) {
			throw mine.error;
		}
	}

	/** Completions of a process instance waiting for their turn now. */
	int waiting(String processInstanceId) {
		Turn turn = this.turns.get(processInstanceId);
		return (turn != null) ? turn.waiting.size() : 0;
	}

	/** One task's completion, waiting for its turn or done by whoever had the turn. */
	@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
	static final class Completion {

		final LockedExternalTask task;

		final Function<Function<String, Object>, Map<String, Object>> update;

		/** Written and read under the turn's lock. */
		boolean done;

		RuntimeException error;

	}

	/**
	 * The completions of one process instance waiting on this node, and whose turn it is.
	 */
	private static final class Turn {

		private final Queue<Completion> waiting = new ConcurrentLinkedQueue<>();

		private final ReentrantLock lock = new ReentrantLock();

	}

}
