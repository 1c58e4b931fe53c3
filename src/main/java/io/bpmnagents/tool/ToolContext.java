package io.bpmnagents.tool;

/**
 * On whose behalf a tool runs: passed to a tool method's {@code @ToolMemoryId} parameter,
 * which the model never sees, so a tool acts within the asking run.
 *
 * @param runId the run (root process instance)
 * @param processInstanceId the (sub-)process instance that asks
 * @param processKey the asking process's key
 * @param activityId the BPMN element that asks
 * @param callKey names the tool call within the run (its task, model call and place), for
 * tools that make recorded calls of their own
 * @param agent the agent whose model asked for the tool call: a message it sends, or a
 * question it asks another agent, names it as the sender
 */
public record ToolContext(String runId, String processInstanceId, String processKey, String activityId, String callKey,
		String agent) {

}
