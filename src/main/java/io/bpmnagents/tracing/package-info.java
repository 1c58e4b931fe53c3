/**
 * OpenTelemetry spans of runs and agent calls.
 */
package io.bpmnagents.tracing;
