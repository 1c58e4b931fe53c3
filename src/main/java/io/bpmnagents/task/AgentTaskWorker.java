package io.bpmnagents.task;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bpmnagents.agent.WorkerIdentity;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.ExternalTaskQueryBuilder;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fetches agent tasks from the engine and runs each on a pool thread, outside any engine
 * transaction: a model call holds neither a transaction nor a database connection while
 * it waits, and many calls of one run overlap. Several nodes may run workers against one
 * database; the engine's locks give each task to one of them.
 */
@Component
public class AgentTaskWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AgentTaskWorker.class);

	private final ExternalTaskService externalTasks;

	private final Map<String, TopicHandler> handlers;

	private final WorkerProperties properties;

	private final TaskOutcomes outcomes;

	private final String workerId;

	private final Semaphore slots;

	private final Object wakeUp = new Object();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean running;

	private ExecutorService pool;

	private Thread poller;

	AgentTaskWorker(ExternalTaskService externalTasks, List<TopicHandler> handlers, WorkerProperties properties,
			TaskOutcomes outcomes, WorkerIdentity worker) {
		this.outcomes = outcomes;
		this.externalTasks = externalTasks;
		this.handlers = handlers.stream().collect(Collectors.toMap(TopicHandler::topic, Function.identity()));
		this.properties = properties;
		this.workerId = worker.id();
		this.slots = new Semaphore(properties.maxConcurrency());
	}

	@Override
	public void start() {
		if (!this.properties.enabled()) {
			log.info("Agent task worker disabled (bpmn-agents.worker.enabled=false)");
			return;
		}
		this.running = true;
		AtomicInteger threads = new AtomicInteger();
		this.pool = Executors.newFixedThreadPool(this.properties.maxConcurrency(), (runnable) -> {
			Thread thread = new Thread(runnable, "agent-call-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.poller = new Thread(this::pollLoop, "agent-task-poller");
		this.poller.setDaemon(true);
		this.poller.start();
		log.info("Agent task worker {} started: topics {}, up to {} model calls at once", this.workerId,
				this.handlers.keySet(), this.properties.maxConcurrency());
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
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Asks the poller to fetch now, e.g. because a transaction just created agent tasks.
	 */
	public void wakeUp() {
		synchronized (this.wakeUp) {
			this.wakeUp.notifyAll();
		}
	}

	/** Model calls running at this moment on this node. */
	public int inFlight() {
		return this.inFlight.get();
	}

	private void pollLoop() {
		while (this.running) {
			try {
				this.slots.acquire();
				int free = 1 + this.slots.drainPermits();
				List<LockedExternalTask> tasks = fetch(free);
				this.slots.release(free - tasks.size());
				tasks.forEach((task) -> this.pool.execute(() -> {
					try {
						run(task);
					}
					finally {
						this.slots.release();
					}
				}));
				if (tasks.isEmpty()) {
					synchronized (this.wakeUp) {
						this.wakeUp.wait(this.properties.pollInterval().toMillis());
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

	/** Locks up to {@code max} tasks of the handled topics for this node. */
	List<LockedExternalTask> fetch(int max) {
		ExternalTaskQueryBuilder query = this.externalTasks.fetchAndLock(max, this.workerId, true);
		for (String topic : this.handlers.keySet()) {
			query = query.topic(topic, this.properties.lockDuration().toMillis())
				.variables(List.of())
				.includeExtensionProperties();
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
		tasks.forEach(this::run);
		return tasks.size();
	}

	private void run(LockedExternalTask task) {
		this.inFlight.incrementAndGet();
		try {
			this.handlers.get(task.getTopicName()).handle(task);
		}
		catch (RuntimeException ex) {
			log.error("Agent task {} failed unexpectedly", task.getActivityId(), ex);
			this.outcomes.fail(task, ex, true);
		}
		finally {
			this.inFlight.decrementAndGet();
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
