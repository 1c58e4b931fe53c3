/**
 * The in-process external-task worker: fetches, locks, hands over and completes the tasks
 * of the topics its handlers serve, and reports what became of each; knows no agent task
 * and no answer rule.
 */
package io.bpmnagents.worker;
