/**
 * The transcript: one record per model call and per tool call, with usage, stored before
 * the task completes; credentials removed from the errors it keeps.
 */
package io.bpmnagents.transcript;
