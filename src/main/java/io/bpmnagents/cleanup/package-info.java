/**
 * Removes the app's own rows (transcript, tool calls, messages, workspace, recorded
 * input) of runs whose history Camunda's cleanup removed.
 */
package io.bpmnagents.cleanup;
