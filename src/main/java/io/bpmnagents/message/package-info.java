/**
 * Agents message agents inside a run: the run's message history and the delivery of
 * messages into a recipient's next call.
 */
package io.bpmnagents.message;
