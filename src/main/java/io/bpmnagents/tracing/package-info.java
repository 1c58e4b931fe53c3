/**
 * OpenTelemetry spans of runs and agent calls, and the model call's Micrometer
 * observation whose handlers make its span and its metrics.
 */
package io.bpmnagents.tracing;
