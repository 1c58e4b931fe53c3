/**
 * Datasets: named sets of cases (an input, optionally expected facts or criteria) made
 * from recorded runs or loaded from JSON Lines, which evaluations run against a process
 * version.
 */
package io.bpmnagents.dataset;
