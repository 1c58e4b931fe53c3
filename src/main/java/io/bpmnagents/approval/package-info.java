/**
 * A person approves a run's result: the result-approval process's rules (who may take and
 * decide the task, what a decision carries), its API and the context shown to the
 * approver.
 */
package io.bpmnagents.approval;
