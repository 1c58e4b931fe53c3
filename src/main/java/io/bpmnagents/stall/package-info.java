/**
 * Stalled and looping agents: the thresholds ({@code bpmn-agents.stall.*}) and the
 * detection of a task's repeated tool calls, a tool loop spending tokens without end and
 * conversation turns that repeat each other (a run with no new answer for a set time is
 * checked on a schedule by {@code task.IdleAgentTasks}); raised as the BPMN escalation
 * {@code AGENT_STALLED}.
 */
package io.bpmnagents.stall;
