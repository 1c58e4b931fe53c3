package io.bpmnagents.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.db.DbEntity;
import org.camunda.bpm.engine.impl.db.entitymanager.OptimisticLockingListener;
import org.camunda.bpm.engine.impl.db.entitymanager.OptimisticLockingResult;
import org.camunda.bpm.engine.impl.db.entitymanager.operation.DbEntityOperation;
import org.camunda.bpm.engine.impl.db.entitymanager.operation.DbOperation;
import org.camunda.bpm.engine.impl.externaltask.LockedExternalTaskImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;
import org.camunda.bpm.engine.impl.util.ClockUtil;

/**
 * Locks the fetchable external tasks of one process instance, as the engine's own
 * fetch-and-lock does for a topic (same checks: not suspended, retries left, not locked
 * or lock run out; highest priority first; all variables and the extension properties
 * come with each task). The engine's fetch cannot filter by process instance, which the
 * {@link Handover} needs to take only what a completion just made.
 */
final class LockInstanceTasks implements Command<List<LockedExternalTask>> {

	private final String processInstanceId;

	private final Set<String> topics;

	private final String workerId;

	private final long lockMillis;

	private final int max;

	LockInstanceTasks(String processInstanceId, Set<String> topics, String workerId, long lockMillis, int max) {
		this.processInstanceId = processInstanceId;
		this.topics = topics;
		this.workerId = workerId;
		this.lockMillis = lockMillis;
		this.max = max;
	}

	@Override
	public List<LockedExternalTask> execute(CommandContext context) {
		Date now = ClockUtil.getCurrentTime();
		List<ExternalTaskEntity> free = context.getExternalTaskManager()
			.findExternalTasksByProcessInstanceId(this.processInstanceId)
			.stream()
			.filter((task) -> this.topics.contains(task.getTopicName()) && !task.isSuspended()
					&& (task.getRetries() == null || task.getRetries() > 0)
					&& (task.getLockExpirationTime() == null || !task.getLockExpirationTime().after(now)))
			.sorted(Comparator.comparingLong(ExternalTaskEntity::getPriority).reversed())
			.limit(this.max)
			.toList();
		List<LockedExternalTask> locked = new ArrayList<>();
		for (ExternalTaskEntity task : free) {
			if (task.getExecution(false) == null) {
				continue;
			}
			task.lock(this.workerId, this.lockMillis);
			locked.add(LockedExternalTaskImpl.fromEntity(task, null, false, true, true));
		}
		// Another node may lock one of them at the same moment: it keeps the task and we
		// drop it, as the engine's fetch does.
		context.getDbEntityManager().registerOptimisticLockingListener(new OptimisticLockingListener() {

			@Override
			public Class<? extends DbEntity> getEntityType() {
				return ExternalTaskEntity.class;
			}

			@Override
			public OptimisticLockingResult failedOperation(DbOperation operation) {
				if (operation instanceof DbEntityOperation entityOperation) {
					String id = entityOperation.getEntity().getId();
					locked.removeIf((task) -> task.getId().equals(id));
					return OptimisticLockingResult.IGNORE;
				}
				return OptimisticLockingResult.THROW;
			}

		});
		return locked;
	}

}
