/**
 * Removes the app's own rows (transcript, tool calls, workspace, messages) of runs whose
 * history Camunda's cleanup removed.
 */
package io.bpmnagents.cleanup;
