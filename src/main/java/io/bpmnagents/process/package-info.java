/**
 * The engine around the processes: deploying processes/, typed variable names, long
 * texts, and the variables no client may set.
 */
package io.bpmnagents.process;
