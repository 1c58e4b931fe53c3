package io.bpmnagents.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.db.entitymanager.cache.DbEntityCache;
import org.camunda.bpm.engine.impl.externaltask.LockedExternalTaskImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.persistence.entity.ExternalTaskEntity;

/**
 * The external tasks an engine command has just created, locked for this node before they
 * are written: they are still only in the command's entity cache, so no other node can
 * see them yet and nothing needs to be read back from the database. They come with all
 * their variables, serialized, and extension properties, as the worker's fetch-and-lock
 * gives them, highest priority first: handlers read variables as plain values either way,
 * and objects deserialized here would be serialized again when the command closes, to see
 * whether they changed.
 */
final class CreatedTasks {

	private CreatedTasks() {
	}

	/**
	 * The tasks locked, and whether they are all the command created for these topics.
	 */
	record Locked(List<LockedExternalTask> tasks, boolean all) {
	}

	static Locked lock(CommandContext context, Set<String> topics, String workerId, long lockMillis, int max) {
		DbEntityCache cache = context.getDbEntityManager().getDbEntityCache();
		List<ExternalTaskEntity> created = cache.getEntitiesByType(ExternalTaskEntity.class)
			.stream()
			.filter((task) -> cache.isTransient(task) && topics.contains(task.getTopicName()) && !task.isSuspended()
					&& task.getWorkerId() == null && task.getExecution(false) != null)
			.sorted(Comparator.comparingLong(ExternalTaskEntity::getPriority).reversed())
			.toList();
		List<LockedExternalTask> locked = new ArrayList<>();
		for (ExternalTaskEntity task : created.subList(0, Math.min(max, created.size()))) {
			task.lock(workerId, lockMillis);
			locked.add(LockedExternalTaskImpl.fromEntity(task, null, false, false, true));
		}
		return new Locked(locked, locked.size() == created.size());
	}

}
