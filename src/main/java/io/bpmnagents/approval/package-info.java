/**
 * A person approves: a run's result (the result-approval process) or one tool call before
 * it runs (the tool-approval process): who may take and decide the task, what a decision
 * carries, where it is recorded, its API and the context shown to the approver.
 */
package io.bpmnagents.approval;
