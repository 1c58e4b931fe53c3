/**
 * The transcript: one record per model call and per tool call, with usage, stored before
 * the task completes.
 */
package io.bpmnagents.transcript;
