/**
 * A process's contract, declared in its deployed start form: inputs, defaults, outputs;
 * checked when a run starts, and who may start what a run reaches.
 */
package io.bpmnagents.contract;
