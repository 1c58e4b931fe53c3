/**
 * OpenTelemetry spans of runs, model calls and tool calls, and the model call's
 * Micrometer observation whose handlers make its span and its metrics; a run's trace id
 * derived from its run id, so one run is one trace across nodes and restarts.
 */
package io.bpmnagents.tracing;
