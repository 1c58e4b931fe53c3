package io.bpmnagents.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandExecutor;

import org.springframework.stereotype.Component;

/**
 * Hands the agent tasks that a completion creates straight to the worker thread that
 * completed it: they are locked in the completion's own engine command, before they are
 * first written, so they commit together, and the thread goes on with them at once,
 * without waiting for the poller to wake up and fetch. A step of a pipeline then costs
 * one transaction instead of two, and no query.
 * <p>
 * Only a worker thread that opened a {@link Session} takes tasks over; other callers
 * (tests driving a process step by step, a person's completion) leave them to the poller.
 * Durability is as before: the lock commits with the completion, and a node that dies
 * before running the task gives it back when the lock runs out.
 */
@Component
class Handover {

	private final ThreadLocal<Session> current = new ThreadLocal<>();

	private final CommandExecutor engine;

	Handover(ProcessEngineConfigurationImpl engine) {
		this.engine = engine.getCommandExecutorTxRequired();
	}

	/**
	 * Opens a handover on this thread.
	 * @param topics the topics this node handles
	 * @param lockMillis how long a task is locked
	 * @param workerId this node's worker
	 * @param accepting whether the worker takes tasks now (not while it stops)
	 * @param reserve takes up to the given number of free worker slots and says how many
	 * it took; the session gives back those it does not use
	 * @param release gives back worker slots
	 */
	Session open(Set<String> topics, long lockMillis, String workerId, BooleanSupplier accepting,
			IntUnaryOperator reserve, IntConsumer release) {
		Session session = new Session(topics, lockMillis, workerId, accepting, reserve, release);
		this.current.set(session);
		return session;
	}

	/**
	 * Runs {@code work} (completing tasks, starting a run) as one engine command, or as
	 * part of the one under way; at its end the agent tasks the command created are
	 * locked for this thread, if it opened a handover. They are this thread's once the
	 * transaction commits ({@link #committed()}).
	 */
	<T> T execute(Function<CommandContext, T> work) {
		return this.engine.execute((context) -> {
			T value = work.apply(context);
			lockCreated(context);
			return value;
		});
	}

	private void lockCreated(CommandContext context) {
		Session session = this.current.get();
		if (session != null) {
			session.lockCreated(context);
		}
	}

	/** Whether this thread is in a handover already. */
	boolean active() {
		return this.current.get() != null;
	}

	/**
	 * The transaction whose command locked tasks has committed: they are this thread's to
	 * run, whatever later transactions of the session do.
	 */
	void committed() {
		Session session = this.current.get();
		if (session != null) {
			session.taken.addAll(session.pending);
			session.pending.clear();
			session.tookAll = false;
		}
	}

	/**
	 * Whether this thread's last completion took over every agent task it created, so the
	 * poller need not look for them.
	 */
	boolean tookAllCreated() {
		Session session = this.current.get();
		return session != null && session.tookAll;
	}

	/**
	 * Forgets the tasks locked by a try of a completion that did not commit: its locks
	 * were rolled back with it.
	 */
	void rolledBack() {
		Session session = this.current.get();
		if (session != null) {
			session.pending.clear();
			session.tookAll = false;
		}
	}

	/**
	 * A handover on one worker thread, from one task to the tasks its completion made.
	 */
	final class Session implements AutoCloseable {

		/** Extra slots one completion may take, besides the one its thread holds. */
		private static final int MAX_EXTRA = 31;

		private final Set<String> topics;

		private final long lockMillis;

		private final String workerId;

		private final IntUnaryOperator reserve;

		private final IntConsumer release;

		private final BooleanSupplier accepting;

		/** Locked by the transaction under way; this thread's once it commits. */
		private final List<LockedExternalTask> pending = new ArrayList<>();

		/** Locked by transactions that committed. */
		private final List<LockedExternalTask> taken = new ArrayList<>();

		private int reserved = -1;

		private boolean tookAll;

		private Session(Set<String> topics, long lockMillis, String workerId, BooleanSupplier accepting,
				IntUnaryOperator reserve, IntConsumer release) {
			this.accepting = accepting;
			this.topics = topics;
			this.lockMillis = lockMillis;
			this.workerId = workerId;
			this.reserve = reserve;
			this.release = release;
		}

		private void lockCreated(CommandContext context) {
			this.pending.clear();
			this.tookAll = false;
			if (!this.accepting.getAsBoolean()) {
				return;
			}
			if (this.reserved < 0) {
				this.reserved = this.reserve.applyAsInt(MAX_EXTRA);
			}
			// Room for one task on the thread's own slot and one on each reserved slot,
			// less what earlier transactions of this session took.
			int room = Math.max(1 + this.reserved - this.taken.size(), 0);
			CreatedTasks.Locked locked = CreatedTasks.lock(context, this.topics, this.workerId, this.lockMillis, room);
			this.pending.addAll(locked.tasks());
			this.tookAll = locked.all();
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
				this.release.accept(this.reserved - used);
			}
			this.reserved = 0;
			this.taken.clear();
			this.pending.clear();
			this.tookAll = false;
			return tasks;
		}

		/** Ends the handover; slots still reserved are given back. */
		@Override
		public void close() {
			if (this.reserved > 0) {
				this.release.accept(this.reserved);
			}
			this.reserved = 0;
			Handover.this.current.remove();
		}

	}

}
