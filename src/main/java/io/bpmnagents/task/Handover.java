package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.IntUnaryOperator;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

import org.springframework.stereotype.Component;

/**
 * Hands the agent tasks that a completion creates straight to the worker thread that
 * completed it: they are locked in the completion's own transaction, so they commit
 * together, and the thread goes on with them at once, without waiting for the poller to
 * wake up and fetch. A step of a pipeline then costs one transaction instead of two.
 * <p>
 * Only a worker thread that opened a {@link Session} takes tasks over; other callers
 * (tests driving a process step by step, a person's completion) leave them to the poller.
 * Durability is as before: the lock commits with the completion, and a node that dies
 * before running the task gives it back when the lock runs out.
 */
@Component
class Handover {

	private final ThreadLocal<Session> current = new ThreadLocal<>();

	/**
	 * Opens a handover on this thread.
	 * @param lock locks up to the given number of agent tasks of a process instance for
	 * this node, with their variables
	 * @param reserve takes up to the given number of free worker slots and says how many
	 * it took; the session gives back those it does not use
	 * @param release gives back worker slots
	 */
	Session open(BiFunction<String, Integer, List<LockedExternalTask>> lock, IntUnaryOperator reserve,
			IntUnaryOperator release) {
		Session session = new Session(lock, reserve, release);
		this.current.set(session);
		return session;
	}

	/**
	 * Inside a completion's transaction, after the task was completed: locks the agent
	 * tasks the completion created in the task's process instance, if this thread opened
	 * a handover.
	 */
	void lockNext(String processInstanceId) {
		Session session = this.current.get();
		if (session != null) {
			session.lockNext(processInstanceId);
		}
	}

	/**
	 * Forgets the tasks locked by a try of a completion that did not commit: its locks
	 * were rolled back with it.
	 */
	void rolledBack() {
		Session session = this.current.get();
		if (session != null) {
			session.taken.clear();
		}
	}

	/**
	 * A handover on one worker thread, from one task to the tasks its completion made.
	 */
	final class Session implements AutoCloseable {

		/** Extra slots one completion may take, besides the one its thread holds. */
		private static final int MAX_EXTRA = 31;

		private final BiFunction<String, Integer, List<LockedExternalTask>> lock;

		private final IntUnaryOperator reserve;

		private final IntUnaryOperator release;

		private final List<LockedExternalTask> taken = new ArrayList<>();

		private int reserved = -1;

		private Session(BiFunction<String, Integer, List<LockedExternalTask>> lock, IntUnaryOperator reserve,
				IntUnaryOperator release) {
			this.lock = lock;
			this.reserve = reserve;
			this.release = release;
		}

		private void lockNext(String processInstanceId) {
			if (this.reserved < 0) {
				this.reserved = this.reserve.applyAsInt(MAX_EXTRA);
			}
			this.taken.clear();
			this.taken.addAll(this.lock.apply(processInstanceId, 1 + this.reserved));
		}

		/**
		 * The tasks handed over, once the completion committed: the first runs on the
		 * thread's own slot, each further one on a reserved slot, which the caller now
		 * holds; unused reserved slots are given back.
		 */
		List<LockedExternalTask> handedOver() {
			List<LockedExternalTask> tasks = List.copyOf(this.taken);
			int used = Math.max(tasks.size() - 1, 0);
			if (this.reserved > used) {
				this.release.applyAsInt(this.reserved - used);
			}
			this.reserved = 0;
			this.taken.clear();
			return tasks;
		}

		/** Ends the handover; slots still reserved are given back. */
		@Override
		public void close() {
			if (this.reserved > 0) {
				this.release.applyAsInt(this.reserved);
			}
			this.reserved = 0;
			Handover.this.current.remove();
		}

	}

}
