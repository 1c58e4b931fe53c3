/**
 * The hierarchical delegation: the manager's plan and its validation against the run's
 * workers.
 */
package io.bpmnagents.pattern.hierarchical;
