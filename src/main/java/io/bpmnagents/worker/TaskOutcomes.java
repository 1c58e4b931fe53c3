package io.bpmnagents.worker;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.bpmnagents.agent.WorkerIdentity;
import io.bpmnagents.process.PlainValues;
import io.bpmnagents.worker.CompletionTurns.Completion;
import io.bpmnagents.transcript.Secrets;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.cmd.CompleteExternalTaskCmd;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.value.TypedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports what became of an external task. Completion reads and writes variables in one
 * short transaction, repeated when a concurrent completion (a parallel branch finishing
 * at the same moment) wins the race: only this cheap commit is repeated, never the model
 * call.
 */
@Component
public class TaskOutcomes {

	private static final Logger log = LoggerFactory.getLogger(TaskOutcomes.class);

	private static final int COMMIT_TRIES = 10;

	private final ExternalTaskService externalTasks;

	private final RuntimeService runtime;

	private final TransactionTemplate transaction;

	private final WorkerProperties properties;

	private final String workerId;

	private final JdbcClient jdbc;

	private final Handover handover;

	/** Transactions that committed completions, for tests of how they are grouped. */
	private final AtomicInteger commits = new AtomicInteger();

	private final CompletionTurns turns = new CompletionTurns();

	/** Root process instance by process instance; bounded, oldest entries go first. */
	private final Map<String, String> roots = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
			return size() > 10_000;
		}

	});

	TaskOutcomes(ExternalTaskService externalTasks, RuntimeService runtime, TransactionTemplate transaction,
			WorkerProperties properties, WorkerIdentity worker, JdbcClient jdbc, Handover handover) {
		this.jdbc = jdbc;
		this.handover = handover;
		this.externalTasks = externalTasks;
		this.runtime = runtime;
		this.transaction = transaction;
		this.properties = properties;
		this.workerId = worker.id();
	}

	/**
	 * The run a task belongs to: the root of a call activity tree, which owns memory and
	 * transcript. A process instance's root never changes, so it is asked once per
	 * instance.
	 */
	public String runId(LockedExternalTask task) {
		String instanceId = task.getProcessInstanceId();
		String cached = this.roots.get(instanceId);
		if (cached != null) {
			return cached;
		}
		// One row by its key: the engine's process instance query costs more CPU here
		// than
		// all the rest of the call's preparation (MyBatis evaluates its long dynamic SQL
		// for each query), and each run asks it once.
		String root = this.jdbc.sql("SELECT ROOT_PROC_INST_ID_ FROM ACT_RU_EXECUTION WHERE ID_ = :id")
			.param("id", instanceId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (root == null) {
			return instanceId;
		}
		this.roots.put(instanceId, root);
		return root;
	}

	/**
	 * Reads one variable visible from the task's execution, or {@code null}, as a plain
	 * value ({@link PlainValues}): from the variables fetched with the task when it was
	 * locked (the worker fetches them all, serialized, so that a variable the engine
	 * refuses to deserialize cannot fail the fetch of every run's tasks), so a handler's
	 * reads cost no round trip; from the engine for a task fetched without them.
	 */
	public Object variable(LockedExternalTask task, String name) {
		VariableMap fetched = task.getVariables();
		if (fetched != null && !fetched.isEmpty()) {
			return plain(task, name, fetched.getValueTyped(name));
		}
		return current(task, name);
	}

	/** The variable as committed now, for read-modify-write inside a completion. */
	private Object current(LockedExternalTask task, String name) {
		return plain(task, name, this.runtime.getVariableTyped(task.getExecutionId(), name, false));
	}

	/**
	 * JSON as plain data; an object the engine stored in another format (a multi-instance
	 * element it serialized itself) is deserialized by the engine, for this task alone.
	 */
	private Object plain(LockedExternalTask task, String name, TypedValue value) {
		if (PlainValues.isOtherFormat(value)) {
			return this.runtime.getVariable(task.getExecutionId(), name);
		}
		return PlainValues.of(value);
	}

	/**
	 * Completes the task with the variables that {@code update} returns; {@code update}
	 * may read current values through the given function and is run again if the commit
	 * conflicts.
	 */
	public void complete(LockedExternalTask task, Function<Function<String, Object>, Map<String, Object>> update) {
		complete(task, update, false);
	}

	/**
	 * As {@link #complete(LockedExternalTask, Function)}; with {@code serialize},
	 * completions that read and rewrite a shared variable (a map or list collecting
	 * parallel answers) take a row lock on their process instance first, so they follow
	 * one another. The optimistic check alone is not enough: H2 lets a concurrent update
	 * of the same variable through.
	 * <p>
	 * Parallel answers tend to arrive together, and each would wait for the one before to
	 * commit. Instead, the completions of one process instance that are waiting on this
	 * node when it is their turn commit together, in one transaction; if that fails, each
	 * is committed on its own, so each gets its own outcome.
	 */
	public void complete(LockedExternalTask task, Function<Function<String, Object>, Map<String, Object>> update,
			boolean serialize) {
		Completion mine = new Completion(task, update);
		if (serialize) {
			this.turns.take(mine, this::commitTogether);
		}
		else {
			commit(List.of(mine), false);
		}
	}

	private void commitTogether(List<Completion> batch) {
		try {
			if (batch.size() > 1) {
				try {
					commit(batch, true);
					batch.forEach((completion) -> completion.done = true);
					return;
				}
				catch (RuntimeException ex) {
					log.debug("{} completions of process {} failed together; each is committed on its own",
							batch.size(), batch.get(0).task.getProcessInstanceId(), ex);
				}
			}
			for (Completion completion : batch) {
				try {
					commit(List.of(completion), true);
				}
				catch (RuntimeException ex) {
					completion.error = ex;
				}
				completion.done = true;
			}
		}
		finally {
			for (Completion completion : batch) {
				if (!completion.done) {
					completion.error = new IllegalStateException("The completion of agent task "
							+ completion.task.getActivityId() + " was interrupted; it is delivered again");
					completion.done = true;
				}
			}
		}
	}

	/**
	 * Commits completions of one process instance in one transaction, again when a
	 * concurrent one wins the race: only this cheap commit is repeated, never a model
	 * call.
	 */
	private void commit(List<Completion> batch, boolean serialize) {
		LockedExternalTask first = batch.get(0).task;
		for (int tryNo = 1;; tryNo++) {
			try {
				this.transaction.executeWithoutResult((status) -> {
					if (serialize) {
						this.jdbc.sql("SELECT ID_ FROM ACT_RU_EXECUTION WHERE ID_ = :id FOR UPDATE")
							.param("id", first.getProcessInstanceId())
							.query(String.class)
							.list();
					}
					// One engine command for all: the variables they read and the tasks
					// they create stay in its cache, and nothing is read back.
					this.handover.execute((context) -> {
						for (Completion completion : batch) {
							requireStillOpen(context, completion.task);
							if (serialize) {
								stampCompletionOrder(completion.task);
							}
							Map<String, Object> variables = completion.update
								.apply((name) -> current(completion.task, name));
							new CompleteExternalTaskCmd(completion.task.getId(), this.workerId, variables, null)
								.execute(context);
						}
						// The agent tasks these completions make commit locked to this
						// thread's node, which goes on with them at once (see Handover).
						return null;
					});
				});
				this.handover.committed();
				this.commits.incrementAndGet();
				return;
			}
			catch (OptimisticLockingException ex) {
				this.handover.rolledBack();
				if (tryNo >= COMMIT_TRIES) {
					throw ex;
				}
				log.debug("Completion of {} conflicted with a concurrent one; trying again", first.getActivityId());
			}
			catch (RuntimeException | Error ex) {
				this.handover.rolledBack();
				throw ex;
			}
		}
	}

	/**
	 * Refuses a completion whose task has ended: its run was stopped or ended early, or
	 * an earlier completion of the same command ended it (a multi-instance's completion
	 * condition, an interrupting event). The engine's cache still hands out a task
	 * deleted in this command, and completing it would write its variables to the run as
	 * if it had been answered in time; a task deleted before would fail on reading the
	 * variables of its gone execution, with a message that does not say why.
	 */
	private static void requireStillOpen(CommandContext context, LockedExternalTask task) {
		DbEntityCache cache = context.getDbEntityManager().getDbEntityCache();
		ExternalTaskEntity cached = cache.get(ExternalTaskEntity.class, task.getId());
		boolean ended = (cached != null) ? cache.isDeleted(cached)
				: context.getExternalTaskManager().findExternalTaskById(task.getId()) == null;
		if (ended) {
			throw new TaskEndedException(task);
		}
	}

	/** Transactions that committed completions since start. */
	int commits() {
		return this.commits.get();
	}

	/** Collecting completions of a process instance waiting for their turn now. */
	int waiting(String processInstanceId) {
		return this.turns.waiting(processInstanceId);
	}

	/**
	 * Numbers the collecting completions of a process instance in the order they happen
	 * (under its row lock), on the task's transcript entries: a replay finishes its
	 * parallel calls in this order, so the collection reads as it did
	 * ({@code io.bpmnagents.replay.ReplayOrder}). The follow-up calls under the task's
	 * key are matched by their first characters, not with {@code LIKE}: H2 plans a
	 * statement with a {@code LIKE} again at every execution, and this one runs on each
	 * collecting completion.
	 */
	private void stampCompletionOrder(LockedExternalTask task) {
		this.jdbc.sql("""
				UPDATE agent_call SET completed_seq = (SELECT COALESCE(MAX(completed_seq), 0) + 1 FROM agent_call
				  WHERE run_id = :run AND process_instance_id = :pi)
				WHERE run_id = :run AND (external_task_id = :task
				  OR SUBSTRING(external_task_id, 1, :length) = :prefix)
				""")
			.param("run", runId(task))
			.param("pi", task.getProcessInstanceId())
			.param("task", task.getId())
			.param("length", task.getId().length() + 1)
			.param("prefix", task.getId() + "/")
			.update();
	}

	/** Raises a BPMN error that the model catches with a boundary event. */
	public void bpmnError(LockedExternalTask task, String code, String message, Map<String, Object> variables) {
		for (int tryNo = 1;; tryNo++) {
			try {
				this.externalTasks.handleBpmnError(task.getId(), this.workerId, code, Secrets.redact(message),
						variables);
				return;
			}
			catch (OptimisticLockingException ex) {
				// The heartbeat extended the task's lock meanwhile, as it may for a
				// completion: the error is raised again on the updated task.
				if (tryNo >= COMMIT_TRIES) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Puts the task back to be fetched again at {@code until}, its retries untouched: a
	 * wait (a spent quota's window), not a failure. The engine keeps it locked until
	 * then, so no thread sleeps; Cockpit shows {@code message} on the task.
	 */
	public void retryAt(LockedExternalTask task, String message, java.time.Instant until) {
		int retries = (task.getRetries() != null) ? task.getRetries() : this.properties.maxAttempts();
		long wait = Math.max(until.toEpochMilli() - System.currentTimeMillis(), 0);
		log.info("Agent task {} of process {} waits until {}: {}", task.getActivityId(), task.getProcessInstanceId(),
				until, message);
		this.externalTasks.handleFailure(task.getId(), this.workerId, Secrets.redact(message), null, retries, wait);
	}

	/**
	 * Reports a failure. A retryable one is tried again after a growing pause until the
	 * attempts are used up; then, as for a non-retryable one, the engine raises an
	 * incident that a person can retry from Cockpit.
	 */
	public void fail(LockedExternalTask task, Throwable error, boolean retryable) {
		int retriesLeft = (task.getRetries() != null) ? task.getRetries() : this.properties.maxAttempts();
		int remaining = retryable ? Math.max(retriesLeft - 1, 0) : 0;
		int attempt = Math.max(this.properties.maxAttempts() - retriesLeft + 1, 1);
		long wait = (remaining > 0) ? this.properties.backoffAfter(attempt).toMillis() : 0;
		// Model errors may quote keys or credentials: incidents must not keep them.
		String message = Secrets.redact((error.getMessage() != null) ? error.getMessage() : error.getClass().getName());
		if (message.length() > 3000) {
			message = message.substring(0, 3000) + "…";
		}
		log.warn("Agent task {} of process {} failed ({} retries left): {}", task.getActivityId(),
				task.getProcessInstanceId(), remaining, message);
		this.externalTasks.handleFailure(task.getId(), this.workerId, message, Secrets.redact(stackTrace(error)),
				remaining, wait);
	}

	private static String stackTrace(Throwable error) {
		StringWriter out = new StringWriter();
		error.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
