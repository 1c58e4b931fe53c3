/**
 * What an agent service task runs: the in-process external-task worker, the agent task's
 * properties, answer rules and completion.
 */
package io.bpmnagents.task;
