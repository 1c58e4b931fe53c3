package io.bpmnagents.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.bpmnagents.agent.LockLostException;
import io.bpmnagents.agent.WorkerIdentity;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Fetches agent tasks from the engine and runs each on a pool thread, outside any engine
 * transaction: a model call holds neither a transaction nor a database connection while
 * it waits, and many calls overlap. Waiting on HTTP costs no CPU, so the pool is large
 * (threads are made when needed and end when idle); what limits calls to a model is the
 * model's own limit (see {@code llm.max-concurrent-calls}). Several nodes may run workers
 * against one database; the engine's locks give each task to one of them.
 * <p>
 * Locks are short and a heartbeat extends them while the call runs, so the tasks of a
 * node that dies are free again within one lock duration.
 */
@Component
public class AgentTaskWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AgentTaskWorker.class);

	private final ExternalTaskService externalTasks;

	private final Map<String, TopicHandler> handlers;

	private final WorkerProperties properties;

	private final TaskOutcomes outcomes;

	private final Handover handover;

	private final String workerId;

	private final Semaphore slots;

	/** The most tasks one fetch locks. */
	private static final int FETCH_BATCH = 64;

	private final Object wakeUp = new Object();

	/** A wake-up that came while the poller was fetching: fetch again at once. */
	private final AtomicBoolean wakeUpPending = new AtomicBoolean();

	/** The tasks this node is working on, by id, whose locks the heartbeat extends. */
	private final Map<String, LockedExternalTask> working = new ConcurrentHashMap<>();

	private final AtomicInteger lockExtensions = new AtomicInteger();

	private final AtomicInteger handedOver = new AtomicInteger();

	private volatile boolean running;

	private ThreadPoolExecutor pool;

	private ScheduledExecutorService heartbeat;

	private Thread poller;

	AgentTaskWorker(ExternalTaskService externalTasks, List<TopicHandler> handlers, WorkerProperties properties,
			TaskOutcomes outcomes, WorkerIdentity worker, Handover handover) {
		this.outcomes = outcomes;
		this.handover = handover;
		this.externalTasks = externalTasks;
		this.handlers = handlers.stream().collect(Collectors.toMap(TopicHandler::topic, Function.identity()));
		this.properties = properties;
		this.workerId = worker.id();
		this.slots = new Semaphore(properties.maxConcurrency());
	}

	@Override
	public void start() {
		this.heartbeat = Executors
			.newSingleThreadScheduledExecutor((runnable) -> daemon(runnable, "agent-task-heartbeat"));
		long every = this.properties.heartbeatInterval().toMillis();
		this.heartbeat.scheduleWithFixedDelay(this::extendLocks, every, every, TimeUnit.MILLISECONDS);
		if (!this.properties.enabled()) {
			log.info("Agent task worker disabled (bpmn-agents.worker.enabled=false)");
			return;
		}
		this.running = true;
		AtomicInteger threads = new AtomicInteger();
		int size = this.properties.maxConcurrency();
		// An idle thread takes the next task; a new one is made only when none is idle,
		// and threads idle for 30 s end. (With core threads, the pool made a new thread
		// for each task until all of them existed, even with others idle: about one
		// thread made and ended per run.) The slots bound how many tasks run at once,
		// and so the threads.
		this.pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
				(runnable) -> daemon(runnable, "agent-call-" + threads.incrementAndGet()));
		this.poller = daemon(this::pollLoop, "agent-task-poller");
		this.poller.start();
		new OwnLocksTakeBack(this.externalTasks, this.workerId, this.handlers.keySet(),
				this.properties.heartbeatInterval(), this.working::containsKey, this::wakeUp)
			.scheduleOn(this.heartbeat);
		log.info("Agent task worker {} started: topics {}, up to {} tasks at once, locks of {} renewed every {}",
				this.workerId, this.handlers.keySet(), size, this.properties.lockDuration(),
				this.properties.heartbeatInterval());
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void stop() {
		this.running = false;
		wakeUp();
		if (this.pool != null) {
			this.pool.shutdown();
			try {
				this.pool.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.heartbeat != null) {
			this.heartbeat.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Asks the poller to fetch now, e.g. because a transaction just created agent tasks.
	 * A wake-up while the poller is busy fetching is remembered, not lost: the tasks it
	 * announces may have committed after that fetch looked.
	 */
	public void wakeUp() {
		this.wakeUpPending.set(true);
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
	}

	/**
	 * A transaction that created agent tasks has committed: the poller fetches them,
	 * unless this thread's completion took every one of them over ({@link Handover}).
	 */
	public void tasksCreated() {
		if (!this.handover.tookAllCreated()) {
			wakeUp();
		}
	}

	/** Model calls running at this moment on this node. */
	public int inFlight() {
		return this.working.size();
	}

	/** Tasks run since start that a completion handed over, without a fetch. */
	int handedOver() {
		return this.handedOver.get();
	}

	/** Slots free for more tasks now: all of them when nothing runs. */
	int freeSlots() {
		return this.slots.availablePermits();
	}

	/** How often the heartbeat has extended a lock since start. */
	int lockExtensions() {
		return this.lockExtensions.get();
	}

	private void pollLoop() {
		while (this.running) {
			try {
				this.slots.acquire();
				// Not every free slot: completions on other threads reserve slots for the
				// tasks they hand over while this fetch runs.
				int free = 1 + reserve(FETCH_BATCH - 1);
				this.wakeUpPending.set(false);
				List<LockedExternalTask> tasks = fetch(free);
				int started = 0;
				for (LockedExternalTask task : tasks) {
					if (!register(task)) {
						continue;
					}
					started++;
					this.pool.execute(() -> runOnSlot(task));
				}
				this.slots.release(free - started);
				if (tasks.isEmpty()) {
					synchronized (this.wakeUp) {
						if (!this.wakeUpPending.get()) {
							this.wakeUp.wait(this.properties.pollInterval().toMillis());
						}
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Fetching agent tasks failed; trying again", ex);
				sleepQuietly();
			}
		}
	}

	/**
	 * Runs a task registered in {@link #working} on a pool thread that holds one slot,
	 * then the tasks its completion handed over ({@link Handover}): the first on this
	 * thread and slot, each further one on a pool thread with a slot reserved for it.
	 */
	private void runOnSlot(LockedExternalTask first) {
		LockedExternalTask task = first;
		while (task != null) {
			List<LockedExternalTask> handed = List.of();
			boolean ranThrough = false;
			try (Handover.Session session = openHandover()) {
				try {
					run(task);
					ranThrough = true;
				}
				finally {
					handed = session.handedOver();
				}
			}
			finally {
				// Also when an error escaped: what was handed over runs elsewhere and
				// every slot goes back.
				task = dispatch(handed, ranThrough);
			}
		}
	}

	private Handover.Session openHandover() {
		return this.handover.open(this.handlers.keySet(), this.properties.lockDuration().toMillis(), this.workerId,
				() -> this.running, this::reserve, this::release);
	}

	/**
	 * Claims the tasks handed over, each holding one slot (the first the caller's own),
	 * and runs them on pool threads, except the first when {@code keepFirst}: that one is
	 * returned for the caller to run on its thread. When nothing is kept, the caller's
	 * slot is given back here.
	 */
	private LockedExternalTask dispatch(List<LockedExternalTask> handed, boolean keepFirst) {
		LockedExternalTask kept = null;
		for (LockedExternalTask next : handed) {
			if (!claim(next)) {
				this.slots.release();
			}
			else if (keepFirst && kept == null) {
				kept = next;
			}
			else {
				handOn(next);
			}
		}
		if (handed.isEmpty()) {
			this.slots.release();
		}
		return kept;
	}

	/**
	 * Runs {@code work}, an engine call that may create agent tasks (starting a run), in
	 * one engine command that also locks the agent tasks it created for this node; they
	 * are run at once, each on a pool thread of its own, instead of waiting for the
	 * poller to be woken and fetch them. With no free slot, or with the worker off, the
	 * work is done as it is and the poller finds its tasks.
	 */
	public <T> T takingOver(Supplier<T> work) {
		// Not inside a transaction that commits later, nor inside a handover already: the
		// tasks would run before they exist for others, or the outer handover be lost.
		if (!this.running || this.handover.active() || TransactionSynchronizationManager.isActualTransactionActive()
				|| !this.slots.tryAcquire()) {
			return work.get();
		}
		List<LockedExternalTask> handed = List.of();
		try (Handover.Session session = openHandover()) {
			try {
				T result = this.handover.execute((context) -> work.get());
				this.handover.committed();
				return result;
			}
			catch (RuntimeException | Error ex) {
				this.handover.rolledBack();
				throw ex;
			}
			finally {
				handed = session.handedOver();
			}
		}
		finally {
			// The slot taken above stands for the first task, as a pool thread's own
			// does in runOnSlot; nothing runs on this thread.
			dispatch(handed, false);
		}
	}

	/** Runs a claimed task that holds a reserved slot on another pool thread. */
	private void handOn(LockedExternalTask task) {
		try {
			this.pool.execute(() -> runOnSlot(task));
		}
		catch (RejectedExecutionException ex) {
			// stopping: give the task back instead of leaving it locked
			this.working.remove(task.getId());
			unlockQuietly(task);
			this.slots.release();
		}
	}

	/**
	 * Registers a task handed over ({@link #register}); a task handed over while the node
	 * stops is given back at once.
	 */
	private boolean claim(LockedExternalTask task) {
		if (!this.running) {
			unlockQuietly(task);
			return false;
		}
		if (!register(task)) {
			return false;
		}
		this.handedOver.incrementAndGet();
		return true;
	}

	/**
	 * Registers a task this node locked, for the heartbeat; false when it already runs
	 * here: our own lock ran out and we locked the task again while the first call still
	 * runs. That call goes on, and the heartbeat keeps the new lock.
	 */
	private boolean register(LockedExternalTask task) {
		return this.working.putIfAbsent(task.getId(), task) == null;
	}

	private void unlockQuietly(LockedExternalTask task) {
		try {
			this.externalTasks.unlock(task.getId());
		}
		catch (RuntimeException ex) {
			log.debug("Agent task {} not unlocked on stop; its lock runs out", task.getId(), ex);
		}
	}

	private int reserve(int max) {
		int taken = 0;
		while (taken < max && this.slots.tryAcquire()) {
			taken++;
		}
		return taken;
	}

	private void release(int count) {
		this.slots.release(count);
	}

	/**
	 * Locks up to {@code max} tasks of the handled topics for this node, with all the
	 * variables the task sees: handlers read them from the task instead of asking the
	 * engine one variable at a time.
	 */
	List<LockedExternalTask> fetch(int max) {
		ExternalTaskQueryBuilder query = this.externalTasks.fetchAndLock(max, this.workerId, true);
		for (String topic : this.handlers.keySet()) {
			// Serialized: a variable the engine refuses to deserialize must not fail the
			// fetch of every task (TaskOutcomes reads them as plain values).
			query = query.topic(topic, this.properties.lockDuration().toMillis()).includeExtensionProperties();
		}
		return query.execute();
	}

	/**
	 * Fetches and runs, on the calling thread, the agent tasks available now; for tests
	 * and tools that drive a process step by step with the background worker disabled.
	 * @return how many tasks were run
	 */
	public int runAvailable() {
		List<LockedExternalTask> tasks = fetch(this.properties.maxConcurrency());
		int ran = 0;
		for (LockedExternalTask task : tasks) {
			if (register(task)) {
				run(task);
				ran++;
			}
		}
		return ran;
	}

	/** Runs a task registered in {@link #working}, and removes it when done. */
	private void run(LockedExternalTask task) {
		try {
			this.handlers.get(task.getTopicName()).handle(task);
		}
		catch (LockLostException ex) {
			// Another node holds the task now; its outcome is that node's to report.
			log.info("Agent task {} of process {}: {}", task.getActivityId(), task.getProcessInstanceId(),
					ex.getMessage());
		}
		catch (TaskEndedException ex) {
			// Expected when a run ends a task early (it had the answers it needed) or a
			// person stops the run while the model answers: nothing is left to report.
			log.info(ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Agent task {} failed unexpectedly", task.getActivityId(), ex);
			try {
				this.outcomes.fail(task, ex, true);
			}
			catch (ProcessEngineException gone) {
				// The task was deleted meanwhile (its run was stopped or ended early):
				// there is nobody left to tell.
				log.info("Agent task {} of process {} is gone: {}", task.getActivityId(), task.getProcessInstanceId(),
						gone.getMessage());
			}
			catch (RuntimeException unreported) {
				// e.g. the database is down: the task's lock runs out and it is
				// delivered again
				log.error("Agent task {} of process {}: its failure could not be reported", task.getActivityId(),
						task.getProcessInstanceId(), unreported);
			}
		}
		finally {
			this.working.remove(task.getId());
		}
	}

	/**
	 * Renews the lock of every task this node works on. A lock that cannot be renewed (it
	 * expired and another node took the task, or the task is gone) is left alone: the
	 * answer of such a call is not recorded (see {@code TranscriptStore}).
	 */
	private void extendLocks() {
		for (LockedExternalTask task : this.working.values()) {
			try {
				this.externalTasks.extendLock(task.getId(), this.workerId, this.properties.lockDuration().toMillis());
				this.lockExtensions.incrementAndGet();
			}
			catch (ProcessEngineException ex) {
				log.debug("Lock of agent task {} not extended: {}", task.getId(), ex.getMessage());
			}
			catch (RuntimeException ex) {
				log.warn("Lock of agent task {} not extended", task.getId(), ex);
			}
		}
	}

	private void sleepQuietly() {
		try {
			Thread.sleep(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
