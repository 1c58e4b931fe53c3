/**
 * OpenTelemetry spans of runs, model calls and tool calls; a run's trace id derived from
 * its run id, so one run is one trace across nodes and restarts.
 */
package io.bpmnagents.tracing;
