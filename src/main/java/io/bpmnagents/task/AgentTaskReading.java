package io.bpmnagents.task;

import java.util.Map;

import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * A pattern's say in what a generic agent task reads, asked before the task's templates
 * are rendered from the variables fetched with it: it may note what the task is about to
 * be shown (a conversation notes the people's messages a selector's pick reads first) and
 * give values that take the place of variables in the templates (in a replay, the
 * conversation with those messages put back where they were). Asked for every agent task,
 * so it must cost nothing for a task it has nothing to do with.
 */
@FunctionalInterface
public interface AgentTaskReading {

	/** Values that take the place of the task's variables; empty for none. */
	Map<String, Object> before(LockedExternalTask task);

}
